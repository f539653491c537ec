package org.sigillo.profile;

import java.io.IOException;
import java.math.BigInteger;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Which end-entity keys Sigillo certifies: RSA of at least 2048 bits (cards may carry
 * RSA-2048; keys Sigillo makes itself are EC P-256 or RSA-3072), at most 4096 bits with an odd
 * public exponent below 2^256, and EC on P-256 or P-384.
 */
public final class KeyPolicy {
    /** The kind of an accepted key. */
    public enum Family {
        RSA,
        EC
    }

    /** The largest RSA modulus accepted, in bits (the largest key Sigillo makes itself, RSA-4096). */
    public static final int MAX_RSA_BITS = 4096;
    /** The largest RSA public exponent accepted, in bits (below 2^256, FIPS 186-5 5.4). */
    public static final int MAX_RSA_EXPONENT_BITS = 256;

    private KeyPolicy() {
    }

    /**
     * @throws WeakKeyException naming the key when it is refused
     */
    public static Family check(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(alg)) {
            BigInteger n;
            BigInteger exponent;
            try {
                RSAPublicKey key = RSAPublicKey.getInstance(spki.parsePublicKey());
                n = key.getModulus();
                exponent = key.getPublicExponent();
            } catch (IOException | RuntimeException e) {
                // BC throws IllegalArgumentException for a bad structure and IllegalStateException
                // for a key BIT STRING with unused bits (found by CI's fuzz run)
                throw new WeakKeyException("the RSA public key does not parse");
            }
            if (n.bitLength() < 2048) {
                throw new WeakKeyException("RSA key of " + n.bitLength() + " bits: at least 2048 are required");
            }
            // Checked from the sizes alone, before any arithmetic: a 16384-bit modulus costs seconds of
            // Miller-Rabin in the key factory and a huge exponent seconds more in the signature check.
            if (n.bitLength() > MAX_RSA_BITS) {
                throw new WeakKeyException("RSA key of " + n.bitLength() + " bits: at most " + MAX_RSA_BITS + " are accepted");
            }
            if (!exponent.testBit(0) || exponent.compareTo(BigInteger.valueOf(3)) < 0 || exponent.bitLength() > MAX_RSA_EXPONENT_BITS) {
                throw new WeakKeyException("RSA public exponent of " + exponent.bitLength()
                        + " bits: an odd exponent from 3 to below 2^256 is required (FIPS 186-5)");
            }
            return Family.RSA;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            Object params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve)) {
                throw new WeakKeyException("EC key with explicit or missing curve parameters: a named curve is required");
            }
            if (SECObjectIdentifiers.secp256r1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve)) {
                return Family.EC;
            }
            throw new WeakKeyException("EC key on curve " + curve + ": only P-256 and P-384 are accepted");
        }
        throw new WeakKeyException("key algorithm " + alg + " is not accepted (RSA or EC only)");
    }
}
