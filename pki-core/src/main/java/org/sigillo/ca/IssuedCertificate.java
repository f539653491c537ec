package org.sigillo.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * An end-entity certificate just signed by a CA: its DER and the fields the store records,
 * taken from what was encoded, so that nobody parses the certificate again to learn them.
 *
 * @param der       the certificate's DER (copied on the way in and out)
 * @param serial    its serial number
 * @param notBefore its notBefore, to the second as encoded
 * @param notAfter  its notAfter, to the second as encoded
 */
public record IssuedCertificate(byte[] der, BigInteger serial, Instant notBefore, Instant notAfter) {
    public IssuedCertificate {
        der = Objects.requireNonNull(der, "der").clone();
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    @Override
    public byte[] der() {
        return der.clone();
    }
}
