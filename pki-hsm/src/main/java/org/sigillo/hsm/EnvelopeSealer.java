package org.sigillo.hsm;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption over a vault {@link Sealer}: values are sealed in software with an
 * AES-256 data key, and the data key is sealed by the vault's key (which never leaves the HSM)
 * and stored next to each value. One HSM operation serves {@value #USES_PER_DATA_KEY} seals
 * instead of one each. The trade-off, stated: a data key is in this JVM's memory while in use;
 * the master key never is.
 *
 * <p>Format: version byte 2, 2-byte length of the sealed data key, the sealed data key, a
 * 12-byte IV, the AES-GCM ciphertext and tag. Values sealed directly by the vault (version 1)
 * are still opened.
 */
public final class EnvelopeSealer implements Sealer {
    /** A data key is replaced after this many seals. */
    public static final int USES_PER_DATA_KEY = 10_000;
    private static final byte VERSION = 2;
    private static final byte[] DATA_KEY_CONTEXT = "sigillo data key".getBytes(StandardCharsets.US_ASCII);

    private final Sealer master;
    private final SecureRandom random = new SecureRandom();
    private final Map<ByteBuffer, SecretKey> opened = new ConcurrentHashMap<>();
    private volatile DataKey current;

    /** A data key, its sealed form, and how many seals it was handed out for (never more than the limit). */
    private record DataKey(SecretKey key, byte[] sealed, AtomicLong uses) {
    }

    public EnvelopeSealer(Sealer master) {
        this.master = master;
    }

    /**
     * The data key for one more seal. Each key counts its own uses: the one that would pass
     * {@value #USES_PER_DATA_KEY} is replaced first, and when the vault cannot seal the
     * replacement (the token away) this seal fails and the next one tries again; an exhausted key
     * is never used again.
     */
    private DataKey dataKey() {
        for (;;) {
            DataKey k = current;
            if (k != null && k.uses().incrementAndGet() <= USES_PER_DATA_KEY) {
                return k;
            }
            synchronized (this) {
                if (current == k) { // still absent or exhausted: replace it (another thread may have already)
                    byte[] raw = new byte[32];
                    random.nextBytes(raw);
                    try {
                        current = new DataKey(new SecretKeySpec(raw, "AES"), master.seal(raw, DATA_KEY_CONTEXT), new AtomicLong());
                    } finally {
                        Arrays.fill(raw, (byte) 0);
                    }
                }
            }
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        DataKey k = dataKey();
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k.key(), new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + k.sealed().length + 12 + ct.length);
            out.put(VERSION).putShort((short) k.sealed().length).put(k.sealed()).put(iv).put(ct);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "sealing with the data key failed", e);
        }
    }

    @Override
    public byte[] unseal(byte[] sealed, byte[] aad) {
        if (sealed != null && sealed.length > 0 && sealed[0] != VERSION) {
            return master.unseal(sealed, aad);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            in.get();
            int n = Short.toUnsignedInt(in.getShort());
            byte[] sealedKey = new byte[n];
            in.get(sealedKey);
            byte[] iv = new byte[12];
            in.get(iv);
            byte[] ct = new byte[in.remaining()];
            in.get(ct);
            SecretKey key = opened.computeIfAbsent(ByteBuffer.wrap(sealedKey), b -> {
                if (opened.size() > 64) {
                    opened.clear();
                }
                byte[] raw = master.unseal(sealedKey, DATA_KEY_CONTEXT);
                SecretKey k = new SecretKeySpec(raw, "AES");
                Arrays.fill(raw, (byte) 0);
                return k;
            });
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            return c.doFinal(ct);
        } catch (BufferUnderflowException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "sealed data is truncated", e);
        } catch (AEADBadTagException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "sealed data or its context was altered (authentication tag mismatch)", e);
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "unsealing with the data key failed", e);
        }
    }
}
