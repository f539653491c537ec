package org.sigillo.crl;

import static org.sigillo.der.DerLength.tlvLength;
import static org.sigillo.der.DerLength.writeHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentSigner;
import org.sigillo.der.DerTime;

/**
 * Writes a signed DER X.509 v2 CRL (RFC 5280 section 5) of any size in two streaming passes
 * and constant memory: the TBSCertList is streamed once into the {@link ContentSigner}, then
 * the same bytes are streamed again into the output behind the outer header. Every entry's
 * length is computed arithmetically, so no ASN.1 object is made per entry and the CRL is
 * never held in memory; the per-entry loop allocates nothing.
 *
 * <p>Entries are encoded exactly as Bouncy Castle's
 * {@code X509v2CRLBuilder.addCRLEntry(serial, date, reason[, invalidityDate])} encodes them:
 * a reasonCode extension unless the reason is {@link RevocationReason#UNSPECIFIED}, then an
 * invalidityDate extension (GeneralizedTime) when present. CRL extensions, in order:
 * authorityKeyIdentifier, cRLNumber, then deltaCRLIndicator (critical) for a delta CRL or
 * freshestCRL for a full CRL that names one.
 *
 * <p>Stateless and thread-safe; the signer is not (use one per call).
 */
public final class StreamingCrlWriter {

    private static final int BUFFER_SIZE = 1 << 16;
    /** An entry is at most 2 + (2 + 20) + 17 + 2 + 12 + 26 = 81 bytes. */
    private static final int MAX_ENTRY_LENGTH = 127;

    private static final byte[] VERSION_V2 = {0x02, 0x01, 0x01};
    /** Extension { reasonCode, OCTET STRING { ENUMERATED x } }, x written after it. */
    private static final byte[] REASON_EXTENSION_PREFIX =
            {0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01};
    private static final int REASON_EXTENSION_LENGTH = REASON_EXTENSION_PREFIX.length + 1;
    /** Extension { invalidityDate, OCTET STRING { GeneralizedTime } }, time written after it. */
    private static final byte[] INVALIDITY_EXTENSION_PREFIX =
            {0x30, 0x18, 0x06, 0x03, 0x55, 0x1D, 0x18, 0x04, 0x11};
    private static final int INVALIDITY_EXTENSION_LENGTH =
            INVALIDITY_EXTENSION_PREFIX.length + DerTime.GENERALIZED_TIME_TLV_LENGTH;

    /** Creates a writer. */
    public StreamingCrlWriter() {
    }

    /**
     * Signs and writes one CRL to {@code out} (not closed).
     *
     * @return the number of bytes written
     * @throws IOException if the signer's stream or {@code out} fails
     */
    public long write(CrlHeader header, CrlEntries entries, ContentSigner signer, OutputStream out)
            throws IOException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(out, "out");

        byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
        byte[] prefix = tbsPrefix(header, algorithm);
        byte[] extensions = crlExtensions(header);
        long revokedLength = revokedContentLength(entries);
        long tbsContentLength = prefix.length + extensions.length
                + (entries.size() == 0 ? 0 : tlvLength(revokedLength));
        long tbsLength = tlvLength(tbsContentLength);

        byte[] buf = new byte[BUFFER_SIZE];
        try (OutputStream signing = signer.getOutputStream()) {
            streamTbs(signing, buf, tbsContentLength, prefix, entries, revokedLength, extensions);
        }
        byte[] signature = new DERBitString(signer.getSignature()).getEncoded(ASN1Encoding.DER);

        long total = tbsLength + algorithm.length + signature.length;
        int p = writeHeader(buf, 0, 0x30, total);
        out.write(buf, 0, p);
        streamTbs(out, buf, tbsContentLength, prefix, entries, revokedLength, extensions);
        out.write(algorithm);
        out.write(signature);
        return p + total;
    }

    private static byte[] tbsPrefix(CrlHeader header, byte[] algorithm) throws IOException {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(256);
        prefix.write(VERSION_V2);
        prefix.write(algorithm);
        prefix.write(header.issuer().getEncoded(ASN1Encoding.DER));
        byte[] time = new byte[DerTime.GENERALIZED_TIME_TLV_LENGTH];
        prefix.write(time, 0, DerTime.writeTime(time, 0, header.thisUpdate().getEpochSecond()));
        prefix.write(time, 0, DerTime.writeTime(time, 0, header.nextUpdate().getEpochSecond()));
        return prefix.toByteArray();
    }

    private static byte[] crlExtensions(CrlHeader header) throws IOException {
        Extension aki = new Extension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(header.authorityKeyId()).getEncoded(ASN1Encoding.DER));
        Extension number = new Extension(Extension.cRLNumber, false,
                new CRLNumber(header.crlNumber()).getEncoded(ASN1Encoding.DER));
        Extension scope = scopeExtension(header.scope());
        Extensions extensions = scope == null
                ? new Extensions(new Extension[] {aki, number})
                : new Extensions(new Extension[] {aki, number, scope});
        return new DERTaggedObject(true, 0, extensions).getEncoded(ASN1Encoding.DER);
    }

    /** The deltaCRLIndicator or freshestCRL extension, or null for a full CRL without one. */
    private static Extension scopeExtension(CrlScope scope) throws IOException {
        if (scope instanceof CrlScope.Delta) {
            return new Extension(Extension.deltaCRLIndicator, true,
                    new ASN1Integer(((CrlScope.Delta) scope).baseCrlNumber()).getEncoded(ASN1Encoding.DER));
        }
        CrlScope.Full full = (CrlScope.Full) scope;
        if (full.freshestCrl().isEmpty()) {
            return null;
        }
        GeneralNames url = new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, full.freshestCrl().get().toASCIIString()));
        CRLDistPoint freshest = new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(url), null, null)});
        return new Extension(Extension.freshestCRL, false, freshest.getEncoded(ASN1Encoding.DER));
    }

    private static long revokedContentLength(CrlEntries entries) {
        long length = 0;
        for (int i = 0, n = entries.size(); i < n; i++) {
            length += 2 + entryContentLength(entries, i);
        }
        return length;
    }

    private static int entryContentLength(CrlEntries entries, int i) {
        int extensions = extensionsContentLength(entries, i);
        return 2 + entries.serialLength(i) + DerTime.timeLength(entries.revocationSecond(i))
                + (extensions == 0 ? 0 : 2 + extensions);
    }

    private static int extensionsContentLength(CrlEntries entries, int i) {
        return (entries.reasonCode(i) == 0 ? 0 : REASON_EXTENSION_LENGTH)
                + (entries.invaliditySecond(i) == CrlEntries.NO_DATE ? 0 : INVALIDITY_EXTENSION_LENGTH);
    }

    private static void streamTbs(OutputStream out, byte[] buf, long tbsContentLength, byte[] prefix,
            CrlEntries entries, long revokedLength, byte[] extensions) throws IOException {
        int p = writeHeader(buf, 0, 0x30, tbsContentLength);
        out.write(buf, 0, p);
        out.write(prefix);
        int n = entries.size();
        if (n > 0) {
            p = writeHeader(buf, 0, 0x30, revokedLength);
            byte[] serials = entries.serialColumn();
            for (int i = 0; i < n; i++) {
                if (p > buf.length - MAX_ENTRY_LENGTH) {
                    out.write(buf, 0, p);
                    p = 0;
                }
                p = writeEntry(buf, p, entries, serials, i);
            }
            out.write(buf, 0, p);
        }
        out.write(extensions);
    }

    /** Writes entry {@code i} (always shorter than 128 bytes, so one-byte lengths). */
    private static int writeEntry(byte[] buf, int p, CrlEntries entries, byte[] serials, int i) {
        int serialLength = entries.serialLength(i);
        long revoked = entries.revocationSecond(i);
        int reason = entries.reasonCode(i);
        long invalidity = entries.invaliditySecond(i);
        int extensions = extensionsContentLength(entries, i);
        buf[p++] = 0x30;
        buf[p++] = (byte) (2 + serialLength + DerTime.timeLength(revoked) + (extensions == 0 ? 0 : 2 + extensions));
        buf[p++] = 0x02;
        buf[p++] = (byte) serialLength;
        System.arraycopy(serials, entries.serialOffset(i), buf, p, serialLength);
        p = DerTime.writeTime(buf, p + serialLength, revoked);
        if (extensions != 0) {
            buf[p++] = 0x30;
            buf[p++] = (byte) extensions;
            if (reason != 0) {
                System.arraycopy(REASON_EXTENSION_PREFIX, 0, buf, p, REASON_EXTENSION_PREFIX.length);
                p += REASON_EXTENSION_PREFIX.length;
                buf[p++] = (byte) reason;
            }
            if (invalidity != CrlEntries.NO_DATE) {
                System.arraycopy(INVALIDITY_EXTENSION_PREFIX, 0, buf, p, INVALIDITY_EXTENSION_PREFIX.length);
                p = DerTime.writeGeneralizedTime(buf, p + INVALIDITY_EXTENSION_PREFIX.length, invalidity);
            }
        }
        return p;
    }
}
