package org.sigillo.registry;

import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/**
 * A PBKDF2-HMAC-SHA256 password hash (Bouncy Castle), self-describing when encoded:
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}, e.g.
 * {@code pbkdf2-sha256$100000$q2v...==$J9k...=}. At least {@value #MIN_ITERATIONS} iterations,
 * a salt of at least 16 bytes and a 32-byte hash. Comparison is constant-time.
 */
public final class PasswordHash {

    /** The algorithm tag of the encoded form. */
    public static final String ALGORITHM = "pbkdf2-sha256";
    /** The fewest iterations accepted, when hashing and when reading an encoded hash. */
    public static final int MIN_ITERATIONS = 100_000;
    /** Salt length of new hashes, in bytes. */
    public static final int SALT_BYTES = 16;
    /** Hash length, in bytes. */
    public static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes a password with the given salt and iterations; the password array is not kept.
     *
     * @throws InvalidPasswordHashException if the parameters are too weak
     */
    public static PasswordHash derive(char[] password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        checkParameters(iterations, salt);
        byte[] salted = salt.clone();
        return new PasswordHash(iterations, salted, pbkdf2(password, salted, iterations));
    }

    /**
     * Reads the encoded form.
     *
     * @throws InvalidPasswordHashException if it is malformed, of another algorithm or too weak
     */
    public static PasswordHash parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            throw new InvalidPasswordHashException("not a " + ALGORITHM + " hash");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            checkParameters(iterations, salt);
            if (hash.length != HASH_BYTES) {
                throw new InvalidPasswordHashException("hash must be " + HASH_BYTES + " bytes");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) { // NumberFormatException and bad base64 too
            if (e instanceof InvalidPasswordHashException) {
                throw e;
            }
            throw new InvalidPasswordHashException("malformed " + ALGORITHM + " hash: " + e.getMessage());
        }
    }

    /** Whether the candidate password hashes to this hash (constant-time comparison). */
    public boolean matches(char[] candidate) {
        Objects.requireNonNull(candidate, "candidate");
        byte[] computed = pbkdf2(candidate, salt, iterations);
        boolean equal = Arrays.constantTimeAreEqual(computed, hash);
        Arrays.fill(computed, (byte) 0);
        return equal;
    }

    /** The iteration count. */
    public int iterations() {
        return iterations;
    }

    /** The self-describing encoded form. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return ALGORITHM + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash && ((PasswordHash) o).encoded().equals(encoded());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    /** The encoded form (a hash, not a secret). */
    @Override
    public String toString() {
        return encoded();
    }

    private static void checkParameters(int iterations, byte[] salt) {
        Objects.requireNonNull(salt, "salt");
        if (iterations < MIN_ITERATIONS) {
            throw new InvalidPasswordHashException(
                    iterations + " iterations, at least " + MIN_ITERATIONS + " required");
        }
        if (salt.length < SALT_BYTES) {
            throw new InvalidPasswordHashException(
                    "salt of " + salt.length + " bytes, at least " + SALT_BYTES + " required");
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        byte[] passwordBytes = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password);
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
            generator.init(passwordBytes, salt, iterations);
            return ((KeyParameter) generator.generateDerivedParameters(HASH_BYTES * 8)).getKey();
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }
}
