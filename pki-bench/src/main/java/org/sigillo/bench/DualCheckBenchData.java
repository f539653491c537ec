package org.sigillo.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.stream.IntStream;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.sigillo.validation.TestPki;

/**
 * The data of {@link DualCheckBenchmark}: two issuing CAs (EC P-256 or RSA-3072, software
 * keys), {@value #PAIRS} workstation certificates in 100 enti and {@value #PAIRS} smart-card
 * certificates (EC P-256 leaf keys, one key pair shared by each run of 100 certificates: only
 * the CA signatures matter here), and one CRL per CA listing half of the {@value #REVOKED}
 * revoked or blocked serials. RSA-3072 signing runs at ~430/s, so the data is written once to
 * {@code java.io.tmpdir} and read back by later forks.
 */
final class DualCheckBenchData {
    static final int PAIRS = 10_000;
    static final int REVOKED = 100_000;
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final BigInteger FIRST_REVOKED = BigInteger.valueOf(0x10000000L);
    private static final int VERSION = 1;

    final byte[] workstationCa;
    final byte[] smartCardCa;
    final byte[][] workstations;
    final byte[][] cards;
    final byte[] workstationCrl;
    final byte[] smartCardCrl;

    private DualCheckBenchData(byte[] workstationCa, byte[] smartCardCa, byte[][] workstations, byte[][] cards,
                               byte[] workstationCrl, byte[] smartCardCrl) {
        this.workstationCa = workstationCa;
        this.smartCardCa = smartCardCa;
        this.workstations = workstations;
        this.cards = cards;
        this.workstationCrl = workstationCrl;
        this.smartCardCrl = smartCardCrl;
    }

    /** The ISTAT code of the ente of pair {@code i}: 100 enti of 100 workstations. */
    static String istat(int i) {
        return String.format("%03d001", 1 + i / 100);
    }

    /** Revoked serial {@code k} (0 ≤ k < REVOKED): even ones under the workstation CA, odd under the card CA. */
    static BigInteger revokedSerial(int k) {
        return FIRST_REVOKED.add(BigInteger.valueOf(k));
    }

    static DualCheckBenchData load(TestPki.Algorithm algorithm) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "sigillo-dualcheck-" + algorithm + "-v" + VERSION + ".bin");
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            DualCheckBenchData data = generate(algorithm);
            Path tmp = Files.createTempFile(file.getParent(), "sigillo-dualcheck", ".tmp");
            data.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DualCheckBenchData generate(TestPki.Algorithm algorithm) {
        TestPki pki = new TestPki(algorithm, NOW.minusSeconds(86_400 * 30), NOW.plusSeconds(86_400L * 730));
        KeyPair[] keys = new KeyPair[PAIRS / 100];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = TestPki.ecKeyPair();
        }
        byte[][] ws = new byte[PAIRS][];
        byte[][] cards = new byte[PAIRS][];
        IntStream.range(0, PAIRS).parallel().forEach(i -> {
            ws[i] = pki.workstation(istat(i), 1 + i % 100, keys[i / 100]).der();
            cards[i] = pki.card(TestPki.codiceFiscale(i), "Nome", "Cognome" + i, keys[i / 100]).der();
        });
        return new DualCheckBenchData(pki.workstationCa.der, pki.smartCardCa.der, ws, cards,
                crl(pki, pki.workstationCa, 0), crl(pki, pki.smartCardCa, 1));
    }

    private static byte[] crl(TestPki pki, TestPki.Ca ca, int parity) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(ca.name, Date.from(NOW.minusSeconds(3600)));
            b.setNextUpdate(Date.from(NOW.plusSeconds(7 * 86_400)));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyId));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
            Date revoked = Date.from(NOW.minusSeconds(86_400));
            for (int k = parity; k < REVOKED; k += 2) {
                b.addCRLEntry(revokedSerial(k), revoked, (k / 2) % 2 == 0 ? CRLReason.certificateHold : CRLReason.keyCompromise);
            }
            return b.build(TestPki.signer(ca.keyPair.getPrivate(), ca.signatureAlgorithm)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(VERSION);
            bytes(out, workstationCa);
            bytes(out, smartCardCa);
            out.writeInt(PAIRS);
            for (int i = 0; i < PAIRS; i++) {
                bytes(out, workstations[i]);
                bytes(out, cards[i]);
            }
            bytes(out, workstationCrl);
            bytes(out, smartCardCrl);
        }
    }

    private static DualCheckBenchData read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != VERSION) {
                throw new IOException(file + " has another version; delete it");
            }
            byte[] wsCa = bytes(in);
            byte[] cardCa = bytes(in);
            int n = in.readInt();
            byte[][] ws = new byte[n][];
            byte[][] cards = new byte[n][];
            for (int i = 0; i < n; i++) {
                ws[i] = bytes(in);
                cards[i] = bytes(in);
            }
            return new DualCheckBenchData(wsCa, cardCa, ws, cards, bytes(in), bytes(in));
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
