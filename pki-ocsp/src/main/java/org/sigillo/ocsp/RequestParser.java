package org.sigillo.ocsp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/** Turns DER into a {@link ParsedRequest}, or says why it is malformed. */
final class RequestParser {
    /** RFC 8954 2.1: a nonce is 1 to 32 octets. */
    static final int MAX_NONCE = 32;

    private final int maxRequests;

    RequestParser(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    /** Thrown for a request that is not a well-formed OCSPRequest this responder accepts. */
    static final class MalformedRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message, null, false, false);
        }
    }

    ParsedRequest parse(byte[] der) throws MalformedRequestException {
        if (der == null || der.length == 0) {
            throw new MalformedRequestException("empty request");
        }
        OCSPRequest request;
        TBSRequest tbs;
        ASN1Sequence list;
        try {
            // fromByteArray refuses trailing bytes after the outer SEQUENCE.
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!(p instanceof ASN1Sequence)) {
                throw new MalformedRequestException("not a SEQUENCE");
            }
            request = OCSPRequest.getInstance(p);
            tbs = request.getTbsRequest();
            list = tbs.getRequestList();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new MalformedRequestException("not an OCSPRequest: " + e.getMessage());
        }
        ASN1Integer version = tbs.getVersion();
        if (version != null && !version.hasValue(0)) {
            throw new MalformedRequestException("unsupported request version");
        }
        int n = list.size();
        if (n == 0 || n > maxRequests) {
            throw new MalformedRequestException(n == 0 ? "no request in requestList" : "more than " + maxRequests + " requests");
        }
        List<ParsedRequest.Item> items = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Request single = Request.getInstance(list.getObjectAt(i));
                refuseCriticalExtensions(single.getSingleRequestExtensions(), "singleRequestExtensions");
                CertID id = single.getReqCert();
                // touch every field, so that a wrong type fails here and not later
                id.getIssuerNameHash().getOctets();
                id.getIssuerKeyHash().getOctets();
                if (id.getSerialNumber().getValue().signum() < 0) {
                    throw new MalformedRequestException("negative serial number");
                }
                items.add(new ParsedRequest.Item(id, CertIdHash.variant(id.getHashAlgorithm())));
            }
        } catch (RuntimeException e) {
            throw new MalformedRequestException("bad CertID: " + e.getMessage());
        }
        Extension nonce = null;
        Extensions ext;
        try {
            ext = tbs.getRequestExtensions();
        } catch (RuntimeException e) {
            throw new MalformedRequestException("bad requestExtensions");
        }
        if (ext != null) {
            refuseCriticalExtensions(ext, "requestExtensions");
            nonce = ext.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                int len = nonceLength(nonce.getExtnValue().getOctets());
                if (len < 1 || len > MAX_NONCE) {
                    throw new MalformedRequestException("nonce of " + len + " octets (RFC 8954: 1 to 32)");
                }
            }
        }
        return new ParsedRequest(items, nonce);
    }

    /**
     * RFC 6960 4.4: unrecognised extensions are ignored unless critical. The nonce is the one
     * extension understood; any other marked critical makes the request malformed.
     */
    private static void refuseCriticalExtensions(Extensions ext, String where) throws MalformedRequestException {
        if (ext == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
            if (!oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce) || where.startsWith("single")) {
                throw new MalformedRequestException("critical " + where + " " + oid + " is not understood");
            }
        }
    }

    /** RFC 8954: the nonce is an OCTET STRING inside extnValue; some clients send raw bytes. */
    private static int nonceLength(byte[] extnValue) {
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(extnValue);
            if (inner instanceof ASN1OctetString) {
                return ((ASN1OctetString) inner).getOctets().length;
            }
        } catch (IOException | RuntimeException e) {
            // raw nonce bytes
        }
        return extnValue.length;
    }
}
