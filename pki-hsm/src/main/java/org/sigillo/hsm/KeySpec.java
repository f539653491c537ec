package org.sigillo.hsm;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The key pair kinds Sigillo generates. Only sizes that keep at least 128-bit strength for
 * the whole 6-year life of the certificates they sign (NIST retires 112-bit strength for new
 * signatures after 2030) are offered.
 */
public enum KeySpec {
    RSA_3072("RSA", 3072, null),
    RSA_4096("RSA", 4096, null),
    EC_P256("EC", 256, "secp256r1"),
    EC_P384("EC", 384, "secp384r1");

    private final String jcaAlgorithm;
    private final int bits;
    private final String curve;

    KeySpec(String jcaAlgorithm, int bits, String curve) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.bits = bits;
        this.curve = curve;
    }

    /** The JCA key algorithm name, {@code RSA} or {@code EC}. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** Modulus length for RSA, field size for EC. */
    public int bits() {
        return bits;
    }

    public boolean isRsa() {
        return curve == null;
    }

    /** The generation parameters for {@link KeyPairGenerator#initialize(AlgorithmParameterSpec)}. */
    public AlgorithmParameterSpec generationParameters() {
        return isRsa() ? new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4) : new ECGenParameterSpec(curve);
    }

    /** The signature algorithm Sigillo uses with keys of this kind. */
    public SignatureAlgorithm defaultSignatureAlgorithm() {
        return switch (this) {
            case RSA_3072 -> SignatureAlgorithm.SHA256_WITH_RSA;
            case RSA_4096 -> SignatureAlgorithm.SHA384_WITH_RSA;
            case EC_P256 -> SignatureAlgorithm.SHA256_WITH_ECDSA;
            case EC_P384 -> SignatureAlgorithm.SHA384_WITH_ECDSA;
        };
    }

    /**
     * Recognises the kind of an existing public key.
     *
     * @throws HsmException with {@link HsmFault#UNSUPPORTED} for any other key
     */
    public static KeySpec of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int len = rsa.getModulus().bitLength();
            if (len == 3072) {
                return RSA_3072;
            }
            if (len == 4096) {
                return RSA_4096;
            }
            throw new HsmException(HsmFault.UNSUPPORTED, "RSA key of " + len + " bits is not a supported key size");
        }
        if (key instanceof ECPublicKey ec) {
            int field = ec.getParams().getCurve().getField().getFieldSize();
            if (field == 256) {
                return EC_P256;
            }
            if (field == 384) {
                return EC_P384;
            }
            throw new HsmException(HsmFault.UNSUPPORTED, "EC key over a " + field + "-bit field is not a supported curve");
        }
        throw new HsmException(HsmFault.UNSUPPORTED, "unsupported key algorithm " + key.getAlgorithm());
    }
}
