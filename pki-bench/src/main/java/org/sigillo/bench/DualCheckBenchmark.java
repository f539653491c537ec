package org.sigillo.bench;

import java.io.ByteArrayInputStream;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sigillo.crl.RevocationReason;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.validation.CardRef;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.InMemoryLiveRegistry;
import org.sigillo.validation.Registration;
import org.sigillo.validation.TestPki;
import org.sigillo.validation.UserState;

/**
 * The dual check at login, one workstation certificate and one smart-card certificate per
 * operation, against baselines measured in the same run. Live state: 10,000 workstations in
 * 100 enti and 10,000 registered card holders (all GOOD), plus 100,000 revoked or blocked
 * serials in the {@link InMemoryStatusSource} (and in the CRLs the JDK baseline reads).
 *
 * <ul>
 *   <li>{@code warm}: {@link DualCheckValidator} with its cache, pairs drawn at random from
 *       the 10,000, all already seen (cache pre-filled in setup). Every call still reads the
 *       clock, the status of both certificates and the person's live registry state. With
 *       20,000 certificates (about 10 MB of DER, plus their cached copies) and 120,000 status
 *       entries drawn at random, this one is bound by memory latency.</li>
 *   <li>{@code warmHotSet}: as {@code warm}, drawing from 64 pairs only (everything in the CPU
 *       caches): the cost of the check itself.</li>
 *   <li>{@code cold}: the same checks with caching turned off ({@code cacheSize(0)}): every
 *       call parses both DERs and verifies both signatures; nothing is remembered between
 *       calls but the two CA public keys.</li>
 *   <li>{@code signaturesOnly}: just the two signature verifications of the pair (BC
 *       lightweight API, TBS and signature sliced out in setup): the floor of {@code cold}.</li>
 *   <li>{@code jdkPkix}: the JDK {@link CertPathValidator} (PKIX, default providers) on the
 *       same two one-certificate paths, each anchored at its issuing CA, with revocation
 *       checked against that CA's CRL (50,000 entries each) from a {@link CertStore}. New
 *       {@link X509Certificate} objects each call, cycling 10,000 distinct DERs, so neither the
 *       per-object verification cache nor the CertificateFactory's 750-entry cache helps.</li>
 *   <li>{@code jdkPkixNoRevocation}: the same without revocation checking.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -pl pki-bench -am package -DskipTests && java -jar
 * pki-bench/target/benchmarks.jar DualCheckBenchmark -f 1 -wi 1 -i 3 -w 1s -r 2s -t 1}
 * (and {@code -t 2}). The RSA-3072 data takes ~30 s to sign the first time; it is kept in
 * {@code java.io.tmpdir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DualCheckBenchmark {

    @Param({"EC_P256", "RSA_3072"})
    public String hierarchy;

    private static final Environment ENV = Environment.PRODUZIONE;

    private DualCheckBenchData data;
    private DualCheckValidator cached;
    private DualCheckValidator uncached;
    private byte[] workstationCaDer;
    private byte[] smartCardCaDer;
    private X509CRL workstationCrl;
    private X509CRL smartCardCrl;
    private AsymmetricKeyParameter workstationCaKey;
    private AsymmetricKeyParameter smartCardCaKey;
    private byte[][] wsTbs;
    private byte[][] wsSig;
    private byte[][] cardTbs;
    private byte[][] cardSig;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = DualCheckBenchData.load(TestPki.Algorithm.valueOf(hierarchy));
        workstationCaDer = data.workstationCa;
        smartCardCaDer = data.smartCardCa;
        X509Certificate wsCa = TestPki.x509(data.workstationCa);
        X509Certificate cardCa = TestPki.x509(data.smartCardCa);
        byte[] wsKeyId = keyId(data.workstationCa);
        byte[] cardKeyId = keyId(data.smartCardCa);

        InMemoryStatusSource status = new InMemoryStatusSource();
        InMemoryLiveRegistry registry = new InMemoryLiveRegistry();
        Registration registration = new Registration(ProfileSet.of(Profile.CONSULTAZIONE, Profile.CERTIFICAZIONE),
                EnvironmentSet.of(Environment.PRODUZIONE, Environment.PRESUBENTRO), true);
        int n = data.workstations.length;
        wsTbs = new byte[n][];
        wsSig = new byte[n][];
        cardTbs = new byte[n][];
        cardSig = new byte[n][];
        for (int i = 0; i < n; i++) {
            Certificate ws = Certificate.getInstance(data.workstations[i]);
            Certificate card = Certificate.getInstance(data.cards[i]);
            status.put(wsKeyId, ws.getSerialNumber().getValue(), CertStatus.GOOD);
            status.put(cardKeyId, card.getSerialNumber().getValue(), CertStatus.GOOD);
            CodiceFiscale cf = CodiceFiscale.parse(TestPki.codiceFiscale(i));
            registry.setUserState(cf, UserState.ATTIVO);
            registry.setCurrentCard(cf, new CardRef(cardKeyId, card.getSerialNumber().getValue()));
            registry.putRegistration(cf, new IstatCode(DualCheckBenchData.istat(i)), registration);
            wsTbs[i] = ws.getTBSCertificate().getEncoded();
            wsSig[i] = ws.getSignature().getOctets();
            cardTbs[i] = card.getTBSCertificate().getEncoded();
            cardSig[i] = card.getSignature().getOctets();
        }
        for (int k = 0; k < DualCheckBenchData.REVOKED; k++) {
            RevocationReason reason = (k / 2) % 2 == 0 ? RevocationReason.CERTIFICATE_HOLD : RevocationReason.KEY_COMPROMISE;
            status.put(k % 2 == 0 ? wsKeyId : cardKeyId, DualCheckBenchData.revokedSerial(k),
                    new CertStatus.Revoked(DualCheckBenchData.NOW.minusSeconds(86_400), reason, Optional.empty()));
        }
        Clock clock = Clock.fixed(DualCheckBenchData.NOW, ZoneOffset.UTC);
        cached = DualCheckValidator.builder().workstationCa(wsCa).smartCardCa(cardCa).statusSource(status)
                .liveRegistry(registry).clock(clock).cacheSize(65_536).build();
        uncached = DualCheckValidator.builder().workstationCa(wsCa).smartCardCa(cardCa).statusSource(status)
                .liveRegistry(registry).clock(clock).cacheSize(0).build();
        for (int i = 0; i < n; i++) { // fill the cache, and check the data is what we think
            if (!cached.check(data.workstations[i], data.cards[i], ENV).accepted()) {
                throw new IllegalStateException("pair " + i + ": " + cached.check(data.workstations[i], data.cards[i], ENV));
            }
        }
        workstationCaKey = PublicKeyFactory.createKey(Certificate.getInstance(data.workstationCa).getSubjectPublicKeyInfo());
        smartCardCaKey = PublicKeyFactory.createKey(Certificate.getInstance(data.smartCardCa).getSubjectPublicKeyInfo());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        workstationCrl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(data.workstationCrl));
        smartCardCrl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(data.smartCardCrl));
        if (workstationCrl.getRevokedCertificates().size() != DualCheckBenchData.REVOKED / 2) {
            throw new IllegalStateException("CRL size " + workstationCrl.getRevokedCertificates().size());
        }
    }

    private static byte[] keyId(byte[] caDer) {
        Certificate c = Certificate.getInstance(caDer);
        return SubjectKeyIdentifier.fromExtensions(c.getTBSCertificate().getExtensions()).getKeyIdentifier();
    }

    /** Per thread: a random pair order, and the JDK objects that are not thread-safe. */
    @State(Scope.Thread)
    public static class PerThread {
        private final int[] order = new int[1 << 16];
        private int next;
        CertificateFactory factory;
        CertPathValidator validator;
        PKIXParameters wsParams;
        PKIXParameters cardParams;
        PKIXParameters wsParamsNoRevocation;
        PKIXParameters cardParamsNoRevocation;

        @Setup(Level.Trial)
        public void setUp(DualCheckBenchmark b) throws Exception {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().getId() * 31 + 2026);
            for (int i = 0; i < order.length; i++) {
                order[i] = random.nextInt(DualCheckBenchData.PAIRS);
            }
            factory = CertificateFactory.getInstance("X.509");
            validator = CertPathValidator.getInstance("PKIX");
            X509Certificate wsCa = TestPki.x509(b.workstationCaDer);
            X509Certificate cardCa = TestPki.x509(b.smartCardCaDer);
            wsParams = params(wsCa, b.workstationCrl, true);
            cardParams = params(cardCa, b.smartCardCrl, true);
            wsParamsNoRevocation = params(wsCa, b.workstationCrl, false);
            cardParamsNoRevocation = params(cardCa, b.smartCardCrl, false);
        }

        private static PKIXParameters params(X509Certificate anchor, X509CRL crl, boolean revocation) throws Exception {
            PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            p.setDate(Date.from(DualCheckBenchData.NOW));
            p.setRevocationEnabled(revocation);
            p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
            return p;
        }

        int next() {
            int i = order[next];
            next = (next + 1) & (order.length - 1);
            return i;
        }
    }

    @Benchmark
    public CheckResult warm(PerThread t) {
        int i = t.next();
        return cached.check(data.workstations[i], data.cards[i], ENV);
    }

    /** As {@code warm}, drawing from the first 64 pairs only: the working set stays in the CPU caches. */
    @Benchmark
    public CheckResult warmHotSet(PerThread t) {
        int i = t.next() & 63;
        return cached.check(data.workstations[i], data.cards[i], ENV);
    }

    @Benchmark
    public CheckResult cold(PerThread t) {
        int i = t.next();
        return uncached.check(data.workstations[i], data.cards[i], ENV);
    }

    @Benchmark
    public boolean signaturesOnly(PerThread t) {
        int i = t.next();
        return verify(workstationCaKey, wsTbs[i], wsSig[i]) & verify(smartCardCaKey, cardTbs[i], cardSig[i]);
    }

    @Benchmark
    public Object jdkPkix(PerThread t) throws Exception {
        int i = t.next();
        Object a = t.validator.validate(path(t, data.workstations[i]), t.wsParams);
        Object b = t.validator.validate(path(t, data.cards[i]), t.cardParams);
        return a.hashCode() + b.hashCode() == 0 ? a : b;
    }

    @Benchmark
    public Object jdkPkixNoRevocation(PerThread t) throws Exception {
        int i = t.next();
        Object a = t.validator.validate(path(t, data.workstations[i]), t.wsParamsNoRevocation);
        Object b = t.validator.validate(path(t, data.cards[i]), t.cardParamsNoRevocation);
        return a.hashCode() + b.hashCode() == 0 ? a : b;
    }

    private static CertPath path(PerThread t, byte[] der) throws Exception {
        X509Certificate c = (X509Certificate) t.factory.generateCertificate(new ByteArrayInputStream(der));
        return t.factory.generateCertPath(List.of(c));
    }

    private static boolean verify(AsymmetricKeyParameter key, byte[] tbs, byte[] signature) {
        Signer s = key instanceof ECPublicKeyParameters
                ? new DSADigestSigner(new ECDSASigner(), new SHA256Digest())
                : new RSADigestSigner(new SHA256Digest());
        s.init(false, key);
        s.update(tbs, 0, tbs.length);
        return s.verifySignature(signature);
    }

}
