package org.sigillo.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.InvalidCodiceFiscaleException;
import org.sigillo.registry.IstatCode;

/**
 * Turns certificate bytes into verified {@link CertFacts}: a strict walk of the outer DER
 * (so the signed TBS bytes are exactly the bytes given), Bouncy Castle's parser for the TBS,
 * the signature verified with the trusted CA named as issuer, then the kind and identity read
 * from the subject. Never throws: anything undecodable is a {@link Examination.Failure}.
 */
final class CertExaminer {
    private static final String TINIT = "TINIT-";
    /** The extensions this examiner recognises (RFC 5280 4.2: an unrecognised critical one rejects the certificate). */
    private static final Set<ASN1ObjectIdentifier> RECOGNISED = Set.of(
            Extension.basicConstraints, Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier, Extension.subjectAlternativeName,
            Extension.cRLDistributionPoints, Extension.authorityInfoAccess, Extension.certificatePolicies);

    private final List<TrustedIssuer> issuers;

    CertExaminer(List<TrustedIssuer> issuers) {
        this.issuers = List.copyOf(issuers);
    }

    /** Examines {@code der}; the facts keep a reference to the array. */
    Examination examine(byte[] der) {
        try {
            return examineOrThrow(der);
        } catch (RuntimeException | StackOverflowError e) {
            return failure(RefusalReason.MALFORMED_INPUT, "undecodable certificate: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            return failure(RefusalReason.MALFORMED_INPUT, "undecodable certificate: " + e.getMessage());
        }
    }

    private Examination examineOrThrow(byte[] der) throws IOException {
        // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
        int[] outer = Der.header(der, 0, der.length, 0x30);
        if (outer == null || outer[1] != der.length) {
            return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (outer SEQUENCE)");
        }
        int[] tbs = Der.header(der, outer[0], der.length, 0x30);
        if (tbs == null) {
            return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (tbsCertificate)");
        }
        int tbsStart = outer[0]; // where the TBS element (header included) starts
        int[] alg = Der.header(der, tbs[1], der.length, 0x30);
        if (alg == null) {
            return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (signatureAlgorithm)");
        }
        int[] sig = Der.header(der, alg[1], der.length, 0x03);
        if (sig == null || sig[1] != der.length || sig[0] >= sig[1] || der[sig[0]] != 0) {
            return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (signatureValue)");
        }
        // inside the TBS: [0] version, serialNumber, signature (AlgorithmIdentifier), issuer (Name)
        int p = tbs[0];
        if (p < tbs[1] && der[p] == (byte) 0xA0) {
            int[] version = Der.header(der, p, tbs[1], 0xA0);
            if (version == null) {
                return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (version)");
            }
            p = version[1];
        }
        int[] serialTlv = Der.header(der, p, tbs[1], 0x02);
        int[] innerAlg = serialTlv == null ? null : Der.header(der, serialTlv[1], tbs[1], 0x30);
        int[] issuerTlv = innerAlg == null ? null : Der.header(der, innerAlg[1], tbs[1], 0x30);
        if (issuerTlv == null) {
            return failure(RefusalReason.MALFORMED_INPUT, "not a DER certificate (serial, signature or issuer)");
        }
        // RFC 5280 4.1.1.2: the same algorithm identifier inside and outside the TBS, byte for byte
        if (!Arrays.equals(der, serialTlv[1], innerAlg[1], der, tbs[1], alg[1])) {
            return failure(RefusalReason.MALFORMED_INPUT, "signature algorithm differs inside and outside the TBS");
        }
        TBSCertificate tbsCert = TBSCertificate.getInstance(parse(der, tbsStart, tbs[1]));
        AlgorithmIdentifier algorithm = tbsCert.getSignature();
        byte[] signature = Arrays.copyOfRange(der, sig[0] + 1, sig[1]);
        int issuerFrom = innerAlg[1];
        int issuerTo = issuerTlv[1];
        Extensions extensions = tbsCert.getExtensions();
        AuthorityKeyIdentifier aki = extensions == null ? null : AuthorityKeyIdentifier.fromExtensions(extensions);
        TrustedIssuer issuer = null;
        for (TrustedIssuer candidate : issuers) {
            if (candidate.isNamed(der, issuerFrom, issuerTo)
                    && (aki == null || aki.getKeyIdentifier() == null || Arrays.equals(aki.getKeyIdentifier(), candidate.keyId))
                    && candidate.verifies(algorithm, der, tbsStart, tbs[1] - tbsStart, signature)) {
                issuer = candidate;
                break;
            }
        }
        if (issuer == null) {
            return failure(RefusalReason.UNKNOWN_ISSUER_OR_BAD_SIGNATURE,
                    "issuer " + tbsCert.getIssuer() + " is not a trusted CA or the signature does not verify");
        }
        return facts(der, issuer, tbsCert, extensions);
    }

    private static CertFacts facts(byte[] der, TrustedIssuer issuer, TBSCertificate tbs, Extensions extensions)
            throws IOException {
        X500Name subject = tbs.getSubject();
        BigInteger serial = tbs.getSerialNumber().getValue();
        long notBefore = epochMillis(tbs.getStartDate());
        long notAfter = epochMillis(tbs.getEndDate());
        BasicConstraints bc = extensions == null ? null : BasicConstraints.fromExtensions(extensions);
        ExtendedKeyUsage eku = extensions == null ? null : ExtendedKeyUsage.fromExtensions(extensions);
        KeyUsage keyUsage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
        // RFC 5280 4.2.1.12: usable only for a purpose consistent with both key usage and EKU;
        // TLS client authentication and the card's possession proof are signatures
        boolean signs = keyUsage == null || keyUsage.hasUsages(KeyUsage.digitalSignature);
        boolean clientAuth = eku != null && eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth) && signs
                && !hasUnrecognisedCritical(extensions);
        CertKind kind = CertKind.OTHER;
        IstatCode ente = null;
        String code = null;
        CodiceFiscale cf = null;
        String cfProblem = null;
        boolean isCa = bc != null && bc.isCA();
        if (!isCa && issuer.role == TrustedIssuer.Role.WORKSTATION_CA) {
            String cn = single(subject, BCStyle.CN);
            if (cn != null && cn.length() == 14 && cn.charAt(6) == '-' && cn.charAt(9) == '-'
                    && digits(cn, 0, 6) && digits(cn, 10, 14) && !cn.startsWith("000")) {
                String middle = cn.substring(7, 9);
                if (middle.equals("PC") && clientAuth) {
                    kind = CertKind.WORKSTATION;
                } else if (middle.equals("CO")) {
                    kind = CertKind.SERVER;
                }
                if (kind != CertKind.OTHER) {
                    ente = new IstatCode(cn.substring(0, 6));
                    code = cn;
                }
            }
        } else if (!isCa && issuer.role == TrustedIssuer.Role.SMART_CARD_CA) {
            String serialNumber = single(subject, BCStyle.SERIALNUMBER);
            if (serialNumber != null && serialNumber.startsWith(TINIT) && clientAuth) {
                kind = CertKind.SMART_CARD;
                String text = serialNumber.substring(TINIT.length());
                if (!text.equals(text.strip())) {
                    cfProblem = "'" + text + "' has surrounding spaces";
                } else {
                    try {
                        cf = CodiceFiscale.parse(text);
                    } catch (InvalidCodiceFiscaleException e) {
                        cfProblem = e.getMessage();
                    }
                }
            }
        }
        return new CertFacts(der, issuer, kind, serial, notBefore, notAfter, ente, code, cf, cfProblem, subject,
                tbs.getSubjectPublicKeyInfo());
    }

    /** Whether a critical extension is not one this examiner recognises (RFC 5280 4.2). */
    private static boolean hasUnrecognisedCritical(Extensions extensions) {
        if (extensions == null) {
            return false;
        }
        for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
            if (!RECOGNISED.contains(oid)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the one attribute of type {@code type} in the name, or null if absent, repeated or not a string. */
    private static String single(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return null;
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String ? ((ASN1String) value).getString() : null;
    }

    /**
     * The instant of an RFC 5280 time: UTCTime {@code YYMMDDHHMMSSZ} (years 1950-2049) or
     * GeneralizedTime {@code YYYYMMDDHHMMSSZ}; anything else is malformed. (Bouncy Castle's
     * {@code Time.getDate()} goes through {@code SimpleDateFormat}, the slowest part of a parse.)
     */
    static long epochMillis(Time time) throws IOException {
        byte[] tlv = time.toASN1Primitive().getEncoded();
        int tag = tlv[0];
        int length = tlv.length - 2;
        int year;
        int p;
        if (tag == 0x17 && length == 13) {
            year = number(tlv, 2, 2);
            year += year < 50 ? 2000 : 1900;
            p = 4;
        } else if (tag == 0x18 && length == 15) {
            year = number(tlv, 2, 4);
            p = 6;
        } else {
            throw new IllegalArgumentException("time is neither YYMMDDHHMMSSZ nor YYYYMMDDHHMMSSZ");
        }
        if (tlv[tlv.length - 1] != 'Z') {
            throw new IllegalArgumentException("time is not in UTC (Z)");
        }
        LocalDateTime t = LocalDateTime.of(year, number(tlv, p, 2), number(tlv, p + 2, 2), number(tlv, p + 4, 2),
                number(tlv, p + 6, 2), number(tlv, p + 8, 2)); // throws DateTimeException if out of range
        return t.toEpochSecond(ZoneOffset.UTC) * 1000L;
    }

    private static int number(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a digit in a time");
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static ASN1Primitive parse(byte[] der, int from, int to) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(der, from, to - from), to - from)) {
            ASN1Primitive p = in.readObject();
            if (p == null || in.readObject() != null) {
                throw new IOException("not exactly one DER object");
            }
            return p;
        }
    }

    private static Examination.Failure failure(RefusalReason reason, String detail) {
        return new Examination.Failure(reason, detail);
    }

    /** A strict minimal reader of DER tag-length headers (definite lengths only, no leading zero octets). */
    static final class Der {
        private Der() {
        }

        /**
         * Reads the header of the element at {@code pos} (which must end by {@code limit}) and
         * checks its tag: returns {contentStart, contentEnd}, or null if malformed.
         */
        static int[] header(byte[] b, int pos, int limit, int expectedTag) {
            if (pos + 2 > limit || (b[pos] & 0xFF) != expectedTag) {
                return null;
            }
            int first = b[pos + 1] & 0xFF;
            int p = pos + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 4 || p + count > limit || b[p] == 0) {
                    return null; // indefinite, too long, or non-minimal
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (b[p++] & 0xFF);
                }
                if (length < 0x80) {
                    return null; // non-minimal long form
                }
            }
            if (length > limit - p) {
                return null;
            }
            return new int[] {p, (int) (p + length)};
        }
    }
}
