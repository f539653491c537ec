package org.sigillo.ocsp;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.HsmFault;
import org.sigillo.status.CertStatus;

/**
 * The responder: answers for several issuing CAs, each with its delegated signer.
 *
 * <p>Policy decisions:
 * <ul>
 * <li>All CertIDs of one request must name the same served CA, because a delegated signer is
 * authorised for its own CA only (RFC 6960 4.2.2.2); a request naming a CA we do not serve,
 * or mixing CAs, is answered {@code unauthorized} as a whole. So is a CertID hashed with an
 * algorithm other than SHA-1/256/384/512.</li>
 * <li>A single-CertID request without a nonce gets a pre-produced answer, cached per (CA,
 * CertID hash variant, serial), dropped the moment the status source reports a change of that
 * certificate and re-signed after half the validity. Everything else is signed fresh; a nonce
 * is echoed.</li>
 * <li>Request signatures are not required and not checked; request extensions other than the
 * nonce are ignored.</li>
 * </ul>
 */
final class DelegatedOcspResponder implements OcspResponder {
    private static final System.Logger LOG = System.getLogger(DelegatedOcspResponder.class.getName());
    private static final OcspReply MALFORMED = OcspReply.failure(OcspResponseStatus.MALFORMED_REQUEST);
    private static final OcspReply UNAUTHORIZED = OcspReply.failure(OcspResponseStatus.UNAUTHORIZED);
    private static final OcspReply TRY_LATER = OcspReply.failure(OcspResponseStatus.TRY_LATER);
    private static final OcspReply INTERNAL_ERROR = OcspReply.failure(OcspResponseStatus.INTERNAL_ERROR);

    private final IssuerEntry[] issuers;
    private final Clock clock;
    private final Duration validity;
    private final RequestParser parser;
    private final Cache<CacheKey, OcspReply> cache;

    /** A pre-produced answer's identity; the CertID variant is part of it because the CertID is echoed. */
    private record CacheKey(int issuer, int hashVariant, BigInteger serial) {
    }

    DelegatedOcspResponder(List<OcspIssuer> configs, Clock clock, Duration validity, long cacheMaximumSize, int maxRequests) {
        this.clock = clock;
        this.validity = validity;
        this.parser = new RequestParser(maxRequests);
        this.issuers = new IssuerEntry[configs.size()];
        for (int i = 0; i < issuers.length; i++) {
            issuers[i] = new IssuerEntry(i, configs.get(i));
        }
        // Expiry runs on the injected clock, so a pre-produced answer always has at least half
        // its validity left when served: it goes half a validity before its nextUpdate, which is
        // sooner than half a validity after it was made when the nextUpdate was capped at the end
        // of the signer's certificate (kept longer, it would be served past its nextUpdate).
        Duration half = validity.dividedBy(2);
        this.cache = cacheMaximumSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(cacheMaximumSize)
                .expireAfter(new Expiry<CacheKey, OcspReply>() {
                    @Override
                    public long expireAfterCreate(CacheKey key, OcspReply reply, long currentTime) {
                        Instant now = Instant.ofEpochMilli(TimeUnit.NANOSECONDS.toMillis(currentTime));
                        Duration keep = Duration.between(now, reply.nextUpdate().orElse(now)).minus(half);
                        if (keep.compareTo(half) > 0) {
                            keep = half;
                        }
                        return keep.isNegative() ? 0 : keep.toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey key, OcspReply reply, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, reply, currentTime);
                    }

                    @Override
                    public long expireAfterRead(CacheKey key, OcspReply reply, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
        for (IssuerEntry e : issuers) {
            e.config.statusSource().addListener((keyId, serial) -> {
                if (Arrays.equals(keyId, e.keyId)) {
                    invalidate(e, serial);
                }
            });
        }
    }

    /**
     * Drops every pre-produced answer about one certificate. Caffeine removes a key under the
     * same lock its loader runs in, so an answer being produced from the old status is removed
     * right after it is stored, never served after this returns.
     */
    private void invalidate(IssuerEntry issuer, BigInteger serial) {
        if (cache == null) {
            return;
        }
        for (int v = 0; v < CertIdHash.variantCount(); v++) {
            cache.invalidate(new CacheKey(issuer.index, v, serial));
        }
    }

    @Override
    public OcspReply answer(byte[] derRequest) {
        ParsedRequest request;
        try {
            request = parser.parse(derRequest);
        } catch (RequestParser.MalformedRequestException e) {
            return MALFORMED;
        } catch (RuntimeException | StackOverflowError e) {
            return MALFORMED;
        }
        try {
            IssuerEntry issuer = issuerOf(request.items());
            if (issuer == null) {
                return UNAUTHORIZED;
            }
            if (cache != null && request.nonce() == null && request.items().size() == 1) {
                ParsedRequest.Item item = request.items().get(0);
                CacheKey key = new CacheKey(issuer.index, item.hashVariant(), item.certId().getSerialNumber().getValue());
                return cache.get(key, k -> produce(issuer, request));
            }
            return produce(issuer, request);
        } catch (HsmException e) {
            if (e.fault() == HsmFault.POOL_EXHAUSTED || e.fault() == HsmFault.TOKEN_UNAVAILABLE) {
                LOG.log(System.Logger.Level.WARNING, "OCSP signer unavailable, answering tryLater: {0}", e.getMessage());
                return TRY_LATER;
            }
            LOG.log(System.Logger.Level.ERROR, "OCSP signing failed, answering internalError", e);
            return INTERNAL_ERROR;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "OCSP answer failed, answering internalError", e);
            return INTERNAL_ERROR;
        }
    }

    /** The one served CA every CertID names, or null (unauthorized). */
    private IssuerEntry issuerOf(List<ParsedRequest.Item> items) {
        IssuerEntry found = null;
        for (ParsedRequest.Item item : items) {
            if (item.hashVariant() < 0) {
                return null;
            }
            CertIdHash hash = CertIdHash.ofVariant(item.hashVariant());
            CertID id = item.certId();
            byte[] nameHash = id.getIssuerNameHash().getOctets();
            byte[] keyHash = id.getIssuerKeyHash().getOctets();
            IssuerEntry match = null;
            for (IssuerEntry e : issuers) {
                if (e.matches(hash, nameHash, keyHash)) {
                    match = e;
                    break;
                }
            }
            if (match == null || (found != null && found != match)) {
                return null;
            }
            found = match;
        }
        return found;
    }

    private OcspReply produce(IssuerEntry issuer, ParsedRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate signer = issuer.config.signerCertificate();
        Instant signerEnd = signer.getNotAfter().toInstant();
        if (now.isBefore(signer.getNotBefore().toInstant()) || !now.isBefore(signerEnd)) {
            // a client refuses a response whose signer is not valid; say internalError, loudly, instead.
            // At the signer's notAfter itself (still inside its validity, RFC 5280 4.1.2.5) an answer
            // would have nextUpdate = thisUpdate, valid for no time at all: refused with the rest
            throw new IllegalStateException("the OCSP signer certificate of " + issuer.name() + " is not valid now (" + now
                    + "; valid " + signer.getNotBefore().toInstant() + " to " + signerEnd + "): renew it (load the CA hierarchy again)");
        }
        Instant next = now.plus(validity);
        if (next.isAfter(signerEnd)) {
            next = signerEnd; // no answer outlives its signer's certificate
        }
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(next);
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(issuer.responderId);
        for (ParsedRequest.Item item : request.items()) {
            CertID id = item.certId();
            CertStatus status = issuer.config.statusSource().status(issuer.keyId, id.getSerialNumber().getValue());
            builder.addResponse(new CertificateID(id), toBc(status), thisUpdate, nextUpdate, singleExtensions(status));
        }
        Extension nonce = request.nonce();
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        try {
            BasicOCSPResp basic = builder.build(issuer.config.signer().get(), issuer.certs, thisUpdate);
            byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
            return new OcspReply(der, OcspResponseStatus.SUCCESSFUL, Optional.of(now), Optional.of(next), ETags.of(der));
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("building the OCSP response for " + issuer.name() + " failed", e);
        }
    }

    private static CertificateStatus toBc(CertStatus status) {
        if (status instanceof CertStatus.Good) {
            return CertificateStatus.GOOD;
        }
        if (status instanceof CertStatus.Revoked) {
            CertStatus.Revoked r = (CertStatus.Revoked) status;
            ASN1GeneralizedTime time = new ASN1GeneralizedTime(Date.from(r.revocationTime().truncatedTo(ChronoUnit.SECONDS)));
            // RFC 5280 5.3.1: the reason code unspecified is left out rather than sent.
            CRLReason reason = r.reason() == RevocationReason.UNSPECIFIED ? null : CRLReason.lookup(r.reason().code());
            return new RevokedStatus(new RevokedInfo(time, reason));
        }
        return new UnknownStatus();
    }

    /** RFC 6960 4.4.5: CRL entry extensions may be singleExtensions; the invalidity date is one. */
    private static Extensions singleExtensions(CertStatus status) {
        if (status instanceof CertStatus.Revoked) {
            Optional<Instant> invalidity = ((CertStatus.Revoked) status).invalidityDate();
            if (invalidity.isPresent()) {
                try {
                    ASN1GeneralizedTime t = new ASN1GeneralizedTime(Date.from(invalidity.get().truncatedTo(ChronoUnit.SECONDS)));
                    return new Extensions(new Extension(Extension.invalidityDate, false, t.getEncoded("DER")));
                } catch (IOException e) {
                    throw new IllegalStateException("encoding an invalidity date failed", e);
                }
            }
        }
        return null;
    }
}
