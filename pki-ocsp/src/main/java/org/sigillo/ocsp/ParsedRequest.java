package org.sigillo.ocsp;

import java.util.List;

import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.Extension;

/**
 * An OCSPRequest checked for shape: its CertIDs (with their accepted hash variant) and its
 * nonce extension, if any.
 */
record ParsedRequest(List<Item> items, Extension nonce) {

    /** One CertID of the request. */
    record Item(CertID certId, int hashVariant) {
    }
}
