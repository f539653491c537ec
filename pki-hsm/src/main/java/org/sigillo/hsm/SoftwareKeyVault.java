package org.sigillo.hsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A {@link KeyVault} in a PKCS#12 file, for development only: the private keys are in a file
 * protected by a password, not in an HSM. Chosen explicitly, never as a fallback, and every
 * open logs a warning that says so. Signing uses the Bouncy Castle provider (7-13x faster
 * ECDSA than SunEC on JDK 17).
 */
final class SoftwareKeyVault implements KeyVault, SignerPool.SignerSource {
    private static final System.Logger LOG = System.getLogger(SoftwareKeyVault.class.getName());

    private final Path file;
    private final char[] password;
    private final Provider bc = new BouncyCastleProvider();
    private final KeyStore store;
    private final Map<String, SignerPool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private SoftwareKeyVault(Path file, char[] password) {
        this.file = file.toAbsolutePath();
        this.password = password.clone();
        try {
            this.store = KeyStore.getInstance("PKCS12");
            if (Files.exists(this.file)) {
                try (InputStream in = Files.newInputStream(this.file)) {
                    store.load(in, this.password);
                }
            } else {
                store.load(null, null);
                persist();
            }
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new HsmException(HsmFault.WRONG_PIN, "wrong password for software key vault " + this.file, e);
            }
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot read software key vault " + this.file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot open software key vault " + this.file, e);
        }
        LOG.log(System.Logger.Level.WARNING, "SOFTWARE key vault in use ({0}): keys are in a file, NOT in an HSM. "
                + "For development only.", this.file);
    }

    static SoftwareKeyVault open(Path file, char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the software key vault needs a password");
        }
        return new SoftwareKeyVault(file, password);
    }

    private void check() {
        if (closed) {
            throw new HsmException(HsmFault.CLOSED, "the key vault was closed");
        }
    }

    @Override
    public String description() {
        return "SOFTWARE key vault " + file;
    }

    @Override
    public boolean isHardware() {
        return false;
    }

    @Override
    public synchronized VaultKey generate(String label, KeySpec spec) {
        KeyLabels.check(label);
        check();
        try {
            if (store.containsAlias(label)) {
                throw new HsmException(HsmFault.KEY_EXISTS, "a key labelled '" + label + "' already exists in " + description());
            }
            KeyPairGenerator kpg = KeyPairGenerator.getInstance(spec.jcaAlgorithm(), bc);
            kpg.initialize(spec.generationParameters(), new SecureRandom());
            KeyPair pair = kpg.generateKeyPair();
            X509Certificate placeholder = PlaceholderCertificate.create(label, spec, pair, bc);
            store.setKeyEntry(label, pair.getPrivate(), password, new Certificate[] {placeholder});
            persistOrUndo(() -> store.deleteEntry(label));
            return new VaultKey(label, spec, placeholder.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "generating key '" + label + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<VaultKey> find(String label) {
        KeyLabels.check(label);
        check();
        try {
            if (!store.isKeyEntry(label) || store.getCertificate(label) == null) {
                return Optional.empty();
            }
            var pub = store.getCertificate(label).getPublicKey();
            return Optional.of(new VaultKey(label, KeySpec.of(pub), pub));
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "reading key '" + label + "' failed", e);
        }
    }

    @Override
    public synchronized List<VaultKey> list() {
        check();
        try {
            List<String> labels = Collections.list(store.aliases());
            Collections.sort(labels);
            List<VaultKey> out = new ArrayList<>();
            for (String label : labels) {
                if (store.isKeyEntry(label) && store.getCertificate(label) != null) {
                    var pub = store.getCertificate(label).getPublicKey();
                    out.add(new VaultKey(label, KeySpec.of(pub), pub));
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "listing keys failed", e);
        }
    }

    @Override
    public synchronized void delete(String label) {
        KeyLabels.check(label);
        check();
        try {
            if (!store.isKeyEntry(label)) {
                throw new HsmException(HsmFault.UNKNOWN_KEY, "no key labelled '" + label + "' in " + description());
            }
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            KeyStore.Entry old = store.getEntry(label, protection);
            store.deleteEntry(label);
            persistOrUndo(() -> store.setEntry(label, old, protection));
            pools.keySet().removeIf(k -> k.startsWith(label + "/"));
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "deleting key '" + label + "' failed", e);
        }
    }

    @Override
    public synchronized void attachCertificateChain(String label, X509Certificate[] chain) {
        KeyLabels.check(label);
        check();
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        try {
            PrivateKey key = privateKey(label);
            if (!chain[0].getPublicKey().equals(store.getCertificate(label).getPublicKey())) {
                throw new IllegalArgumentException("the certificate's public key is not the public half of key '" + label + "'");
            }
            if (!PlaceholderCertificate.is(store.getCertificate(label))) { // the PKCS#11 vault's rule, kept alike
                throw new HsmException(HsmFault.UNSUPPORTED, "key '" + label + "' has its certificate already: make a new key instead");
            }
            Certificate[] old = store.getCertificateChain(label);
            store.setKeyEntry(label, key, password, chain);
            persistOrUndo(() -> store.setKeyEntry(label, key, password, old));
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "attaching a certificate to key '" + label + "' failed", e);
        }
    }

    @Override
    public synchronized X509Certificate[] certificateChain(String label) {
        KeyLabels.check(label);
        check();
        try {
            privateKey(label);
            Certificate[] chain = store.getCertificateChain(label);
            return Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "reading the certificate of key '" + label + "' failed", e);
        }
    }

    @Override
    public SignerPool signerPool(String label, SignatureAlgorithm algorithm) {
        VaultKey key = require(label);
        if (!algorithm.fits(key.spec())) {
            throw new HsmException(HsmFault.UNSUPPORTED, algorithm + " does not fit key '" + label + "' (" + key.spec() + ")");
        }
        return pools.computeIfAbsent(label + "/" + algorithm,
                k -> new SignerPool(label, algorithm, key.publicKey(), PoolSettings.defaults(), this));
    }

    @Override
    public Signature create(String label, SignatureAlgorithm algorithm) {
        check();
        try {
            Signature s = Signature.getInstance(algorithm.rawSignatureAlgorithm(), bc);
            PrivateKey key;
            synchronized (this) {
                key = privateKey(label);
            }
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "opening a signer for key '" + label + "' failed", e);
        }
    }

    @Override
    public long generation() {
        return 0L;
    }

    @Override
    public void recover(long failedGeneration) {
        throw new HsmException(HsmFault.DEVICE_ERROR, "a software key vault cannot reconnect");
    }

    @Override
    public HsmException translate(Exception e, String doing) {
        return e instanceof HsmException h ? h : new HsmException(HsmFault.DEVICE_ERROR, doing + " failed: " + e, e);
    }

    private PrivateKey privateKey(String label) throws GeneralSecurityException {
        Key key = store.getKey(label, password);
        if (!(key instanceof PrivateKey pk)) {
            throw new HsmException(HsmFault.UNKNOWN_KEY, "no key labelled '" + label + "' in " + description());
        }
        return pk;
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws GeneralSecurityException;
    }

    /**
     * Writes the file, or, when it cannot be written, takes the change back in memory before the
     * refusal goes out: a refused change must leave the vault as its file is (a key generated
     * only in memory would be used for signing and gone at the next start).
     */
    private void persistOrUndo(Undo undo) {
        try {
            persist();
        } catch (HsmException e) {
            try {
                undo.run();
            } catch (GeneralSecurityException | RuntimeException u) {
                e.addSuppressed(u);
            }
            throw e;
        }
    }

    /** Writes the whole file anew: temp file, fsync, atomic rename. */
    private void persist() {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                store.store(out, password);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot write software key vault " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Sealer sealer(String label) {
        KeyLabels.check(label);
        check();
        try {
            if (!(store.getKey(label, password) instanceof SecretKey)) {
                if (store.containsAlias(label)) {
                    throw new HsmException(HsmFault.KEY_EXISTS, "'" + label + "' is a key pair, not a sealing key");
                }
                KeyGenerator kg = KeyGenerator.getInstance("AES");
                kg.init(256, new SecureRandom());
                store.setEntry(label, new KeyStore.SecretKeyEntry(kg.generateKey()), new KeyStore.PasswordProtection(password));
                persistOrUndo(() -> store.deleteEntry(label));
            }
            SecretKey key = (SecretKey) store.getKey(label, password);
            return new Sealer() {
                @Override
                public byte[] seal(byte[] plaintext, byte[] aad) {
                    check();
                    try {
                        return AesGcmFormat.seal(key, null, plaintext, aad);
                    } catch (GeneralSecurityException e) {
                        throw new HsmException(HsmFault.DEVICE_ERROR, "sealing failed", e);
                    }
                }

                @Override
                public byte[] unseal(byte[] sealed, byte[] aad) {
                    check();
                    try {
                        return AesGcmFormat.unseal(key, null, sealed, aad);
                    } catch (GeneralSecurityException e) {
                        throw new HsmException(HsmFault.DEVICE_ERROR, "unsealing failed: data or context altered", e);
                    }
                }
            };
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "preparing the sealing key '" + label + "' failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(SignerPool::clear);
        pools.clear();
        Arrays.fill(password, '\0');
    }
}
