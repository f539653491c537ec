package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sigillo.profile.CsrRejectedException;
import org.sigillo.profile.CsrVerifier;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.CensusRejectedException;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.InvalidCodiceFiscaleException;
import org.sigillo.testing.SoftwareCardCsr;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.RefusalReason;
import org.sigillo.validation.Slot;

/**
 * Inputs no fuzzer reaches by chance: 10 MB, 100,000 nested SEQUENCEs (DER and BER), lengths
 * that claim more than is there, the wrong kind of document. Each gives its typed refusal,
 * quickly, without a {@link StackOverflowError} or an {@link OutOfMemoryError}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final ValidatorFixture FIXTURE = new ValidatorFixture();

    private static byte[][] asn1Bombs() {
        return new byte[][] {
            Asn1Bombs.nestedDefinite(100_000),
            Asn1Bombs.nestedIndefinite(100_000),
            Asn1Bombs.element(0x30, TEN_MB, TEN_MB),                // 10 MB of zeros in one SEQUENCE
            Asn1Bombs.element(0x30, 0xFFFFFFFFL, 16),               // claims 4 GB, holds 16 bytes
            Asn1Bombs.element(0x30, Long.MAX_VALUE >>> 8, 16),      // claims more than an int
            nestedInsideCertificate(Asn1Bombs.nestedDefinite(100_000)),
            new byte[TEN_MB],
        };
    }

    /** A certificate-shaped outer SEQUENCE whose TBS is {@code tbs}, with a plausible signature. */
    private static byte[] nestedInsideCertificate(byte[] tbs) {
        byte[] alg = {0x30, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
        byte[] sig = {0x03, 0x03, 0x00, 0x30, 0x00};
        byte[] body = concat(tbs, alg, sig);
        byte[] header = Asn1Bombs.element(0x30, body.length, 0);
        return concat(header, body);
    }

    @Test
    void theValidatorRefusesEveryBombAsMalformed() {
        DualCheckValidator cached = FIXTURE.validator(1000);
        DualCheckValidator uncached = FIXTURE.validator(0);
        for (byte[] bomb : asn1Bombs()) {
            for (DualCheckValidator v : new DualCheckValidator[] {cached, uncached}) {
                assertMalformed(v.check(bomb, FIXTURE.card, Environment.PRODUZIONE), Slot.WORKSTATION);
                assertMalformed(v.check(FIXTURE.workstation, bomb, Environment.PRODUZIONE), Slot.CARD);
            }
        }
    }

    @Test
    void theValidatorRefusesOtherDocumentsAsMalformed() {
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(FIXTURE.workstation)
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] csr = read("CsrFuzzTestInputs/verify/ec-p256-sha256.der");
        byte[] trailing = concat(FIXTURE.workstation, new byte[] {0});
        for (byte[] other : new byte[][] {pem, csr, trailing, new byte[0], "hello".getBytes(StandardCharsets.UTF_8)}) {
            assertMalformed(FIXTURE.validator(0).check(other, FIXTURE.card, Environment.PRODUZIONE), Slot.WORKSTATION);
        }
        // a CSR is DER too, but it is no certificate: never accepted in the card slot
        assertFalse(FIXTURE.validator(0).check(FIXTURE.workstation, csr, Environment.PRODUZIONE).accepted());
    }

    @Test
    void theCsrVerifierRefusesEveryBombAsMalformed() {
        CsrVerifier verifier = new CsrVerifier();
        for (byte[] bomb : asn1Bombs()) {
            assertCsrMalformed(verifier, bomb);
        }
        // nesting as deep as fits under the 64 KiB limit, in DER, in BER and as PEM
        byte[] der = Asn1Bombs.nestedDefinite(16_000);
        byte[] ber = Asn1Bombs.nestedIndefinite(16_000);
        assertTrue(der.length <= 64 * 1024 && ber.length <= 64 * 1024);
        assertCsrMalformed(verifier, der);
        assertCsrMalformed(verifier, ber);
        assertCsrMalformed(verifier, pem("CERTIFICATE REQUEST", Arrays.copyOf(ber, 40_000)));
    }

    @Test
    void theCsrVerifierRefusesOtherDocuments() {
        CsrVerifier verifier = new CsrVerifier();
        assertCsrMalformed(verifier, FIXTURE.workstation);
        assertCsrMalformed(verifier, pem("CERTIFICATE", FIXTURE.workstation));
        assertCsrMalformed(verifier, pem("PRIVATE KEY", new byte[] {0x30, 0x00}));
        assertCsrMalformed(verifier, "-----BEGIN CERTIFICATE REQUEST".getBytes(StandardCharsets.US_ASCII));
        assertCsrMalformed(verifier, "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----"
                .getBytes(StandardCharsets.US_ASCII));
        assertCsrMalformed(verifier, new byte[TEN_MB]);
        assertCsrMalformed(verifier, new byte[0]);
        assertCsrMalformed(verifier, null);
    }

    @Test
    void theCsrVerifierRefusesAKeyBitStringWithUnusedBits() {
        // a well-signed RSA-2048 request whose key BIT STRING claims one unused bit: BC's
        // parsePublicKey throws IllegalStateException for it (CI's fuzz run found it escaping)
        byte[] csr = read("CsrFuzzTestInputs/verify/rsa-key-bitstring-pad-bits.der");
        CsrRejectedException e = assertThrows(CsrRejectedException.class, () -> new CsrVerifier().verify(csr));
        assertEquals(CsrRejectedException.Reason.WEAK_KEY, e.reason(), e::getMessage);
        assertTrue(e.getMessage().contains("does not parse"), e::getMessage);
    }

    @Test
    void theCsrVerifierRefusesAHugeRsaKeyBeforeAnyModularArithmetic() throws Exception {
        // 6 KB of request: a 16384-bit RSA modulus (odd, no small factor) with a 16384-bit public
        // exponent and a junk signature. BC's key factory runs a Miller-Rabin test on the modulus
        // (seconds at this size) and the signature check a 16384-bit modPow (seconds more): each
        // such request cost ~10 s of CPU where a real one costs milliseconds, so a handful of them
        // stalls the engine. KeyPolicy must refuse the key from its sizes alone.
        CsrVerifier verifier = new CsrVerifier();
        verifier.verify(SoftwareCardCsr.newCsr()); // classes loaded, JIT warm
        SecureRandom random = new SecureRandom();
        BigInteger smallPrimes = BigInteger.ONE;
        for (int p = 3; p < 1000; p += 2) {
            if (BigInteger.valueOf(p).isProbablePrime(20)) {
                smallPrimes = smallPrimes.multiply(BigInteger.valueOf(p));
            }
        }
        for (int[] sizes : new int[][] {{16384, 16384}, {16384, 17}, {2048, 16384}}) {
            BigInteger n;
            do {
                n = new BigInteger(sizes[0], random).setBit(sizes[0] - 1).setBit(0);
            } while (!n.gcd(smallPrimes).equals(BigInteger.ONE));
            BigInteger e = new BigInteger(sizes[1], random).setBit(sizes[1] - 1).setBit(0);
            byte[] csr = rsaCsrWithJunkSignature(n, e, random);
            // refused WEAK_KEY by the policy, from the sizes; the old code got to BAD_SIGNATURE, after
            // the arithmetic (8958 ms for the first), which this test does not time
            CsrRejectedException refused = assertThrows(CsrRejectedException.class, () -> verifier.verify(csr));
            assertEquals(CsrRejectedException.Reason.WEAK_KEY, refused.reason(),
                    () -> sizes[0] + "-bit modulus, " + sizes[1] + "-bit exponent: " + refused.getMessage());
        }
    }

    private static byte[] rsaCsrWithJunkSignature(BigInteger n, BigInteger e, SecureRandom random)
            throws IOException {
        var rsa = new AlgorithmIdentifier(
                PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
        var spki = new SubjectPublicKeyInfo(rsa, new RSAPublicKey(n, e));
        var info = new CertificationRequestInfo(
                new X500Name("CN=card"), spki, new DERSet());
        byte[] signature = new byte[n.bitLength() / 8];
        random.nextBytes(signature);
        signature[0] = 0; // below the modulus
        return new CertificationRequest(info, new AlgorithmIdentifier(
                PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE),
                new DERBitString(signature)).getEncoded("DER");
    }

    @Test
    void theCensusParserRefusesHugeAndHostileFiles() {
        CensusCsvParser parser = new CensusCsvParser();
        String line = "x".repeat(TEN_MB);
        String quoted = "\"" + "a,".repeat(TEN_MB / 2);            // a quoted field never closed
        String manyLines = "a,\"b\"c\n".repeat(TEN_MB / 8);        // ~1.3 million malformed records
        String binary = new String(new byte[TEN_MB], StandardCharsets.ISO_8859_1);
        for (String text : new String[] {line, quoted, manyLines, binary, "\uFEFF", "", "\"", "\r\r\r"}) {
            CensusRejectedException e = assertThrows(CensusRejectedException.class, () -> parser.parse(text));
            assertFalse(e.errors().isEmpty());
        }
    }

    @Test
    void theCodiceFiscaleParserRefusesHugeAndHostileText() {
        for (String text : new String[] {"R".repeat(TEN_MB), "\u0000".repeat(16), "RSSMRA85T10A562\u017F",
                "RSSMRA85T10A562S".replace('S', '\u0130'), " ".repeat(40)}) {
            assertThrows(InvalidCodiceFiscaleException.class, () -> CodiceFiscale.parse(text));
        }
    }

    @Test
    void theBombsReallyAreNested() throws Exception {
        // the builder is right: a shallow one decodes as nested SEQUENCEs with nothing left over
        assertEquals("[[[]]]", ASN1Primitive.fromByteArray(Asn1Bombs.nestedDefinite(3)).toString());
        assertEquals("[[[]]]", ASN1Primitive.fromByteArray(Asn1Bombs.nestedIndefinite(3)).toString());
        byte[] deep = Asn1Bombs.nestedDefinite(100_000);
        assertEquals(0x30, deep[0]);
        assertEquals(deep.length, 2 + (deep[1] & 0x7F) + (int) readLength(deep));
    }

    private static long readLength(byte[] der) {
        int n = der[1] & 0x7F;
        long length = 0;
        for (int i = 0; i < n; i++) {
            length = (length << 8) | (der[2 + i] & 0xFF);
        }
        return length;
    }

    private static void assertMalformed(CheckResult result, Slot slot) {
        CheckResult.Refused r = assertInstanceOf(CheckResult.Refused.class, result);
        assertEquals(RefusalReason.MALFORMED_INPUT, r.reason(), r::toString);
        assertEquals(slot, r.slot(), r::toString);
    }

    private static void assertCsrMalformed(CsrVerifier verifier, byte[] input) {
        CsrRejectedException e = assertThrows(CsrRejectedException.class, () -> verifier.verify(input));
        assertEquals(CsrRejectedException.Reason.MALFORMED, e.reason(), e::getMessage);
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] read(String resource) {
        try (var in = HostileInputTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, p, part.length);
            p += part.length;
        }
        return out;
    }
}
