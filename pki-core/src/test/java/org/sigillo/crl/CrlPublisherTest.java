package org.sigillo.crl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlPublisherTest {

    private static TestCa ca;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCa.ecP256("Sigillo Publisher Root");
    }

    private static CrlHeader header(long number, CrlScope scope) {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        return new CrlHeader(ca.name, ca.keyId, now, now.plusSeconds(86400), BigInteger.valueOf(number), scope);
    }

    private static CrlEntries entries(int n) {
        CrlEntries.Builder builder = CrlEntries.builder();
        for (int i = 1; i <= n; i++) {
            builder.add(BigInteger.valueOf(1000 + i), Instant.parse("2026-05-01T00:00:00Z").plusSeconds(i),
                    RevocationReason.SUPERSEDED, null);
        }
        return builder.build();
    }

    private static BigInteger crlNumber(X509CRLHolder crl) {
        return CRLNumber.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
    }

    @Test
    void publishesDerAndPemAndReplacesTheOldFilesWhole(@TempDir Path dir) throws Exception {
        CrlPublisher publisher = new CrlPublisher(dir, "ente-root", new StreamingCrlWriter());
        PublishedCrl first = publisher.publish(header(1, CrlScope.full()), entries(3000), ca.signer());
        assertEquals(dir.resolve("ente-root.crl"), first.der());
        assertEquals(dir.resolve("ente-root.pem"), first.pem());
        byte[] firstDer = Files.readAllBytes(first.der());
        assertEquals(firstDer.length, first.derLength());

        // A reader that opened the old CRL before the new one is published keeps reading the
        // old file whole: the publisher renames a new file over it and never rewrites it in place.
        try (InputStream oldReader = Files.newInputStream(first.der())) {
            byte[] head = oldReader.readNBytes(100);
            PublishedCrl second = publisher.publish(header(2, CrlScope.full()), entries(10), ca.signer());
            byte[] rest = oldReader.readAllBytes();
            byte[] old = new byte[head.length + rest.length];
            System.arraycopy(head, 0, old, 0, head.length);
            System.arraycopy(rest, 0, old, head.length, rest.length);
            assertArrayEquals(firstDer, old);
            assertEquals(BigInteger.ONE, crlNumber(new X509CRLHolder(old)));

            X509CRLHolder der = new X509CRLHolder(Files.readAllBytes(second.der()));
            assertEquals(BigInteger.TWO, crlNumber(der));
            assertEquals(10, der.getRevokedCertificates().size());
            assertEquals(second.derLength(), Files.size(second.der()));
            X509CRLHolder pem;
            try (PEMParser parser = new PEMParser(new StringReader(Files.readString(second.pem())))) {
                pem = (X509CRLHolder) parser.readObject();
            }
            assertArrayEquals(der.getEncoded(), pem.getEncoded());
            X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(Files.readAllBytes(second.pem())));
            jdk.verify(ca.keyPair.getPublic());
        }

        String pemText = Files.readString(dir.resolve("ente-root.pem"));
        assertTrue(pemText.startsWith("-----BEGIN X509 CRL-----\n"));
        assertTrue(pemText.endsWith("\n-----END X509 CRL-----\n"));
        assertTrue(pemText.lines().allMatch(line -> line.length() <= 64), "PEM lines of at most 64 characters");

        publisher.publish(header(3, CrlScope.delta(BigInteger.TWO)), entries(1), ca.signer());
        assertEquals(BigInteger.valueOf(3),
                crlNumber(new X509CRLHolder(Files.readAllBytes(dir.resolve("ente-root-delta.crl")))));
        assertEquals(BigInteger.TWO,
                crlNumber(new X509CRLHolder(Files.readAllBytes(dir.resolve("ente-root.crl")))));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ente-root-delta.crl", "ente-root-delta.pem", "ente-root.crl", "ente-root.pem"),
                    files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(".ente-root.lock")).sorted()
                            .collect(Collectors.toList()),
                    "no temporary files left behind");
        }
    }

    @Test
    void rejectsNamesThatWouldEscapeOrHideInTheDirectory(@TempDir Path dir) {
        StreamingCrlWriter writer = new StreamingCrlWriter();
        for (String bad : List.of("", ".hidden", "../up", "a/b", "a b")) {
            assertThrows(IllegalArgumentException.class, () -> new CrlPublisher(dir, bad, writer), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new CrlPublisher(dir.resolve("missing"), "root", writer));
    }

    @Test
    void realignsAPemLeftOneCrlBehindByACrashBetweenTheRenames(@TempDir Path dir) throws Exception {
        CrlPublisher publisher = new CrlPublisher(dir, "ente-root", new StreamingCrlWriter());
        PublishedCrl first = publisher.publish(header(1, CrlScope.full()), entries(2), ca.signer());
        String firstPem = Files.readString(first.pem());
        PublishedCrl second = publisher.publish(header(2, CrlScope.full()), entries(3), ca.signer());
        String secondPem = Files.readString(second.pem());
        assertEquals(0, publisher.realignPem(), "in step: nothing to rewrite");

        Files.writeString(second.pem(), firstPem); // what a crash after the DER rename and before the PEM rename leaves
        assertEquals(1, publisher.realignPem());
        assertEquals(secondPem, Files.readString(second.pem()));
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(second.pem())))) {
            assertEquals(BigInteger.TWO, crlNumber((X509CRLHolder) parser.readObject()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ente-root.crl", "ente-root.pem"),
                    files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(".ente-root.lock")).sorted()
                            .collect(Collectors.toList()), "no temporary file left");
        }
    }

    @Test
    void removesOnlyItsOwnStaleTemporaryFiles(@TempDir Path dir) throws Exception {
        CrlPublisher publisher = new CrlPublisher(dir, "ente-root", new StreamingCrlWriter());
        publisher.publish(header(1, CrlScope.full()), entries(2), ca.signer());
        Instant cutoff = Instant.parse("2026-06-01T10:00:00Z");
        FileTime old = FileTime.from(cutoff.minusSeconds(60));
        FileTime recent = FileTime.from(cutoff.plusSeconds(60));
        Path staleDer = Files.setLastModifiedTime(Files.createFile(dir.resolve(".ente-root-123.crl.tmp")), old);
        Path stalePem = Files.setLastModifiedTime(Files.createFile(dir.resolve(".ente-root-delta-456.pem.tmp")), old);
        Path inProgress = Files.setLastModifiedTime(Files.createFile(dir.resolve(".ente-root-789.crl.tmp")), recent);
        Path otherCa = Files.setLastModifiedTime(Files.createFile(dir.resolve(".other-ca-123.crl.tmp")), old);
        Path notOurs = Files.setLastModifiedTime(Files.createFile(dir.resolve(".ente-root-notes.tmp")), old);
        Path longerName = Files.setLastModifiedTime(Files.createFile(dir.resolve(".ente-root-2-123.crl.tmp")), old);

        assertEquals(2, publisher.removeStaleTemporaries(cutoff));
        assertFalse(Files.exists(staleDer));
        assertFalse(Files.exists(stalePem));
        assertTrue(Files.exists(inProgress), "a publication in progress is left alone");
        assertTrue(Files.exists(otherCa), "another CA's files are left alone");
        assertTrue(Files.exists(notOurs), "files that are not CRL temporaries are left alone");
        assertTrue(Files.exists(longerName), "a CA whose name starts with this one's is left alone");
        assertTrue(Files.exists(dir.resolve("ente-root.crl")));
        assertTrue(Files.exists(dir.resolve("ente-root.pem")));
        assertEquals(0, publisher.removeStaleTemporaries(cutoff));
    }

    @Test
    void neverReplacesANewerCrlOfTheSameCaButDoesAnotherCas(@TempDir Path dir) throws Exception {
        CrlPublisher publisher = new CrlPublisher(dir, "ente-root", new StreamingCrlWriter());
        assertFalse(publisher.publish(header(5, CrlScope.full()), entries(2), ca.signer()).superseded());
        // another engine sharing the folder took number 4 before, and renames after
        PublishedCrl late = publisher.publish(header(4, CrlScope.full()), entries(1), ca.signer());
        assertTrue(late.superseded());
        assertEquals(BigInteger.valueOf(5), crlNumber(new X509CRLHolder(Files.readAllBytes(dir.resolve("ente-root.crl")))));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
        }
        // a CA with a new key starts its numbers again: its CRL 1 replaces the old key's CRL 5
        TestCa renewed = TestCa.ecP256("Sigillo Publisher Root");
        PublishedCrl first = publisher.publish(new CrlHeader(renewed.name, renewed.keyId, Instant.parse("2026-06-01T10:00:00Z"),
                Instant.parse("2026-06-02T10:00:00Z"), BigInteger.ONE, CrlScope.full()), entries(1), renewed.signer());
        assertFalse(first.superseded());
        assertEquals(BigInteger.ONE, crlNumber(new X509CRLHolder(Files.readAllBytes(dir.resolve("ente-root.crl")))));
    }
}
