package org.sigillo.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sigillo.crl.CrlEntries;
import org.sigillo.crl.CrlHeader;
import org.sigillo.crl.CrlScope;
import org.sigillo.crl.RevocationReason;
import org.sigillo.crl.StreamingCrlWriter;

/**
 * Time and allocation to sign and encode one full CRL of {@code entries} revoked
 * certificates: Sigillo's {@link StreamingCrlWriter} against the baseline, Bouncy Castle's
 * {@code X509v2CRLBuilder} (+ build + getEncoded). Both get the same pre-filled input (random
 * 16-byte serials, every reason, an invalidity date on one entry in four), are signed with
 * the same software EC P-256 key through a BC-provider {@link ContentSigner}, and write to a
 * counting output stream.
 *
 * <p>Run: {@code mvn -B -q -pl pki-bench -am package -DskipTests && java -jar
 * pki-bench/target/benchmarks.jar CrlBenchmark -f 1 -wi 1 -i 3 -w 2s -r 2s -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class CrlBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int entries;

    private final BouncyCastleProvider provider = new BouncyCastleProvider();
    private final StreamingCrlWriter writer = new StreamingCrlWriter();
    private KeyPair key;
    private CrlHeader header;
    private CrlEntries columnar;
    // The same input as objects, pre-built for the BC builder so that it is not charged for them.
    private BigInteger[] serials;
    private Date[] revocationDates;
    private int[] reasons;
    private Date[] invalidityDates;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        key = generator.generateKeyPair();
        X500Name issuer = new X500Name("C=IT, O=Sigillo Bench, CN=Sigillo Bench Root");
        byte[] keyId = CrlHeader.keyIdentifier(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        Instant thisUpdate = Instant.parse("2026-06-01T10:00:00Z");
        header = new CrlHeader(issuer, keyId, thisUpdate, thisUpdate.plusSeconds(86_400),
                BigInteger.valueOf(1234), CrlScope.full());

        Random random = new Random(2026);
        serials = new BigInteger[entries];
        revocationDates = new Date[entries];
        reasons = new int[entries];
        invalidityDates = new Date[entries];
        CrlEntries.Builder builder = CrlEntries.builder(entries);
        RevocationReason[] all = RevocationReason.values();
        byte[] bytes = new byte[16];
        for (int i = 0; i < entries; i++) {
            random.nextBytes(bytes);
            bytes[0] |= 1;
            serials[i] = new BigInteger(1, bytes);
            Instant revoked = thisUpdate.minusSeconds(1 + random.nextInt(5 * 365 * 86_400));
            revocationDates[i] = Date.from(revoked);
            RevocationReason reason = all[i % all.length];
            reasons[i] = reason.code();
            Instant invalidity = i % 4 == 0 ? revoked.minusSeconds(86_400) : null;
            invalidityDates[i] = invalidity == null ? null : Date.from(invalidity);
            builder.add(serials[i], revoked, reason, invalidity);
        }
        columnar = builder.build();
    }

    private ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(key.getPrivate());
    }

    @Benchmark
    public long sigilloWriter() throws Exception {
        CountingOutputStream out = new CountingOutputStream();
        writer.write(header, columnar, signer(), out);
        return out.count;
    }

    @Benchmark
    public long bcBuilder() throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(header.issuer(), Date.from(header.thisUpdate()));
        builder.setNextUpdate(Date.from(header.nextUpdate()));
        for (int i = 0; i < entries; i++) {
            if (invalidityDates[i] == null) {
                builder.addCRLEntry(serials[i], revocationDates[i], reasons[i]);
            } else {
                builder.addCRLEntry(serials[i], revocationDates[i], reasons[i], invalidityDates[i]);
            }
        }
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(header.authorityKeyId()));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(header.crlNumber()));
        CountingOutputStream out = new CountingOutputStream();
        out.write(builder.build(signer()).getEncoded());
        return out.count;
    }

    /** Discards what it is given and counts it. */
    static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
        }
    }
}
