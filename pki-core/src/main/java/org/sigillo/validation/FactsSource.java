package org.sigillo.validation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Where the validator gets a certificate's verified facts: examined afresh each time, or
 * through a bounded cache on the exact DER. Chosen once, when the validator is built.
 */
interface FactsSource {

    /** The facts of {@code der}; {@code owned} says whether the array may be kept (no copy needed). */
    Examination facts(byte[] der, boolean owned);

    /** Examines every time: the cold path, and the floor a cache is measured against. */
    static FactsSource uncached(CertExaminer examiner) {
        return (der, owned) -> examiner.examine(der);
    }

    /** Caches the facts of verified certificates (never failures, so garbage cannot evict them). */
    static FactsSource cached(CertExaminer examiner, long maximumSize) {
        // the facts are their own key (on their private copy of the DER): a hit is one node away
        Cache<DerKey, CertFacts> cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
        return (der, owned) -> {
            CertFacts hit = cache.getIfPresent(new DerKey(der));
            if (hit != null) {
                return hit;
            }
            Examination e = examiner.examine(owned ? der : der.clone());
            if (e instanceof CertFacts) {
                cache.put((CertFacts) e, (CertFacts) e);
            }
            return e;
        };
    }
}
