package org.sigillo.hsm;

import java.nio.file.Files;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * A {@link KeyVault} on a PKCS#11 token through the JDK's SunPKCS11 provider. Keys are
 * generated as token objects (persistent), sensitive and non-extractable, and are found again
 * by label from any later JVM. When the token goes away the vault reconnects on the next use
 * (through a fresh private instance of the module, see {@link ModuleCopy}, so that a restored
 * or re-created token is seen) and fails with a typed {@link HsmException} while it cannot.
 */
final class Pkcs11KeyVault implements KeyVault, SignerPool.SignerSource {
    private static final System.Logger LOG = System.getLogger(Pkcs11KeyVault.class.getName());
    private static final AtomicLong PROVIDER_NAMES = new AtomicLong();

    /**
     * Generation attributes: private keys are token objects, private, sensitive, never
     * extractable, for signing only; public keys stay session objects (the public half is kept in the
     * certificate stored next to the private key). A secret (sealing) key is generated as a session
     * object: SunPKCS11 stores a secret key entry by copying the key with its label (C_CopyObject,
     * CKA_TOKEN and CKA_PRIVATE true), so that copy is its one token object. Generated as a token
     * object, the original stayed on the token unlabelled beside it, a second master key the vault
     * neither lists nor deletes (SealingKeyObjectsTest).
     */
    private static final String KEY_ATTRIBUTES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_TOKEN = true
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_DECRYPT = false
              CKA_UNWRAP = false
            }
            attributes(generate, CKO_SECRET_KEY, *) = {
              CKA_TOKEN = false
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_ENCRYPT = true
              CKA_DECRYPT = true
            }
            attributes(generate, CKO_PUBLIC_KEY, *) = {
              CKA_TOKEN = false
              CKA_VERIFY = true
            }
            """;

    /** The longest wait between two reconnection attempts. */
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final Pkcs11Settings settings;
    private final char[] pin;
    private final String module;
    private final Map<String, SignerPool> pools = new ConcurrentHashMap<>();
    private final Object reconnectLock = new Object();
    /** Held while a key is created, so that the label check and the store are one step for this vault. */
    private final Object creating = new Object();
    private volatile Connection connection;
    private volatile boolean closed;
    /** Set when the token was seen gone; every use then reconnects first (or fails fast). */
    private volatile boolean broken;
    /** Guarded by reconnectLock: when the next reconnection may be tried, and the wait after it fails. */
    private Instant nextAttempt = Instant.MIN;
    private Duration backoff;
    /**
     * Guarded by reconnectLock: set when a reconnection was refused the PIN. No further login is
     * tried with it (each try would count towards locking the PIN); the vault must be reopened.
     */
    private HsmException pinRefused;

    /** One login on the token: a configured provider, its logged-in key store and the library instance used. */
    private record Connection(Provider provider, KeyStore keyStore, long generation, String library) {
    }

    private Pkcs11KeyVault(Pkcs11Settings settings) {
        this.settings = settings;
        this.pin = settings.pin();
        this.module = settings.module().toAbsolutePath().toString();
        this.backoff = settings.reconnectBackoff();
        if (!Files.isRegularFile(settings.module())) {
            throw new HsmException(HsmFault.MODULE_NOT_FOUND, "PKCS#11 module " + module + " does not exist");
        }
        Connection c;
        try {
            c = connect(0L, module);
        } catch (HsmException e) {
            if (e.fault() != HsmFault.TOKEN_UNAVAILABLE && e.fault() != HsmFault.TOKEN_NOT_FOUND) {
                throw e;
            }
            // The JVM's shared instance of the module does not see the token: it was created
            // after that instance's C_Initialize, or the instance is broken (a token vanished
            // under it earlier). A fresh private instance scans the tokens as they are now.
            try {
                c = connectPrivately(0L);
            } catch (HsmException p) {
                if (p.fault() == HsmFault.DEVICE_ERROR) {
                    e.addSuppressed(p); // the private instance could not be loaded: the first answer stands
                    throw e;
                }
                throw p;
            }
        }
        this.connection = c;
        LOG.log(System.Logger.Level.INFO, "key vault open: {0}", description());
    }

    static Pkcs11KeyVault open(Pkcs11Settings settings) {
        return new Pkcs11KeyVault(settings);
    }

    /** Connects through a new private instance of the module (see {@link ModuleCopy}). */
    private Connection connectPrivately(long generation) {
        if (!Files.isRegularFile(settings.module())) {
            throw new HsmException(HsmFault.MODULE_NOT_FOUND, "PKCS#11 module " + module + " does not exist");
        }
        try (ModuleCopy copy = ModuleCopy.of(settings.module())) {
            return connect(generation, copy.library());
        }
    }

    private Connection connect(long generation, String library) {
        String slotLine;
        if (settings.token() instanceof TokenSelector.ByLabel l) {
            slotLine = "slot = " + SlotLocator.slotOf(library, l.label());
        } else if (settings.token() instanceof TokenSelector.BySlotId s) {
            slotLine = "slot = " + s.slotId();
        } else {
            slotLine = "slotListIndex = " + ((TokenSelector.BySlotIndex) settings.token()).index();
        }
        String config = "--name = sigillo-" + PROVIDER_NAMES.incrementAndGet() + "\n"
                + "library = " + library + "\n" + slotLine + "\n" + KEY_ATTRIBUTES;
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure(config);
        } catch (RuntimeException e) {
            String ckr = Pkcs11Errors.returnCode(e);
            if (ckr == null || "CKR_SLOT_ID_INVALID".equals(ckr) || "CKR_TOKEN_NOT_PRESENT".equals(ckr)) {
                throw new HsmException(HsmFault.TOKEN_NOT_FOUND, "no usable token at " + settings.token() + " in " + module
                        + (ckr != null ? " (" + ckr + ")" : ""), e);
            }
            throw Pkcs11Errors.wrap(e, "configuring SunPKCS11 for " + module);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return new Connection(provider, ks, generation, library);
        } catch (Exception e) {
            throw Pkcs11Errors.wrap(e, "logging in to token " + settings.token());
        }
    }

    private Connection live() {
        if (closed) {
            throw new HsmException(HsmFault.CLOSED, "the key vault was closed");
        }
        return connection;
    }

    /** The live connection, reconnecting first when the token was seen gone. */
    private Connection usable() {
        Connection c = live();
        if (broken) {
            recover(c.generation());
            c = live();
        }
        return c;
    }

    @Override
    public String description() {
        return "PKCS#11 token " + settings.token() + " via " + module;
    }

    @Override
    public boolean isHardware() {
        return true;
    }

    @Override
    public VaultKey generate(String label, KeySpec spec) {
        KeyLabels.check(label);
        synchronized (creating) {
            return withReconnect("generating key '" + label + "'", c -> createKeyPair(c, label, spec));
        }
    }

    private VaultKey createKeyPair(Connection c, String label, KeySpec spec) throws Exception {
        // the listing read fresh, under the creation lock: SunPKCS11 stores a new entry over an
        // existing one of the same label (deleting its key), so two racing generates, or a
        // listing older than another vault's key, destroyed a key (found by an audit)
        refresh(c);
        if (c.keyStore().containsAlias(label)) {
            throw new HsmException(HsmFault.KEY_EXISTS, "a key labelled '" + label + "' already exists in " + description());
        }
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(spec.jcaAlgorithm(), c.provider());
        kpg.initialize(spec.generationParameters());
        KeyPair pair = kpg.generateKeyPair();
        X509Certificate placeholder = PlaceholderCertificate.create(label, spec, pair, c.provider());
        c.keyStore().setKeyEntry(label, pair.getPrivate(), null, new Certificate[] {placeholder});
        return new VaultKey(label, spec, pair.getPublic());
    }

    @Override
    public Optional<VaultKey> find(String label) {
        KeyLabels.check(label);
        return withReconnect("finding key '" + label + "'", c -> {
            refresh(c);
            if (!c.keyStore().isKeyEntry(label)) {
                return Optional.empty();
            }
            Certificate cert = c.keyStore().getCertificate(label);
            if (cert == null) {
                return Optional.empty();
            }
            return Optional.of(new VaultKey(label, KeySpec.of(cert.getPublicKey()), cert.getPublicKey()));
        });
    }

    @Override
    public List<VaultKey> list() {
        return withReconnect("listing keys", c -> {
            refresh(c);
            List<String> labels = Collections.list(c.keyStore().aliases());
            Collections.sort(labels);
            List<VaultKey> out = new ArrayList<>();
            for (String label : labels) {
                if (c.keyStore().isKeyEntry(label) && c.keyStore().getCertificate(label) != null) {
                    var pub = c.keyStore().getCertificate(label).getPublicKey();
                    out.add(new VaultKey(label, KeySpec.of(pub), pub));
                }
            }
            return out;
        });
    }

    @Override
    public void delete(String label) {
        KeyLabels.check(label);
        withReconnect("deleting key '" + label + "'", c -> {
            if (!c.keyStore().isKeyEntry(label)) {
                throw new HsmException(HsmFault.UNKNOWN_KEY, "no key labelled '" + label + "' in " + description());
            }
            c.keyStore().deleteEntry(label);
            pools.keySet().removeIf(k -> k.startsWith(label + "/"));
            return null;
        });
    }

    @Override
    public void attachCertificateChain(String label, X509Certificate[] chain) {
        KeyLabels.check(label);
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        withReconnect("attaching a certificate to key '" + label + "'", c -> {
            PrivateKey key = privateKey(c, label);
            Certificate stored = c.keyStore().getCertificate(label);
            if (!chain[0].getPublicKey().equals(stored.getPublicKey())) {
                throw new IllegalArgumentException("the certificate's public key is not the public half of key '" + label + "'");
            }
            if (!PlaceholderCertificate.is(stored)) {
                // SunPKCS11 deletes the old entry first, and with it the certificates of the old
                // chain's issuers: the CA certificates of other keys in this token (measured)
                throw new HsmException(HsmFault.UNSUPPORTED, "key '" + label + "' has its certificate already; SunPKCS11 would"
                        + " delete its issuers' certificates with it: make a new key instead");
            }
            c.keyStore().setKeyEntry(label, key, null, chain);
            return null;
        });
    }

    @Override
    public X509Certificate[] certificateChain(String label) {
        KeyLabels.check(label);
        return withReconnect("reading the certificate of key '" + label + "'", c -> {
            privateKey(c, label);
            Certificate[] chain = c.keyStore().getCertificateChain(label);
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        });
    }

    @Override
    public SignerPool signerPool(String label, SignatureAlgorithm algorithm) {
        VaultKey key = require(label);
        if (!algorithm.fits(key.spec())) {
            throw new HsmException(HsmFault.UNSUPPORTED, algorithm + " does not fit key '" + label + "' (" + key.spec() + ")");
        }
        return pools.computeIfAbsent(label + "/" + algorithm,
                k -> new SignerPool(label, algorithm, key.publicKey(), settings.pool(), this));
    }

    // --- SignerSource -------------------------------------------------------------------

    @Override
    public Signature create(String label, SignatureAlgorithm algorithm) {
        Connection c = usable();
        try {
            Signature s = Signature.getInstance(algorithm.rawSignatureAlgorithm(), c.provider());
            s.initSign(privateKey(c, label));
            return s;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw translate(e, "opening a signer for key '" + label + "'");
        }
    }

    @Override
    public long generation() {
        return connection.generation();
    }

    /**
     * Reconnects after the token went away: a new private instance of the module (which scans
     * the tokens afresh), a new provider, a new login. At most one attempt per backoff period;
     * in between, and when the attempt fails, throws {@link HsmFault#TOKEN_UNAVAILABLE} (or
     * {@link HsmFault#WRONG_PIN} / {@link HsmFault#PIN_LOCKED} when the token is back but
     * refuses the PIN, after which no login is tried again: repeated tries would lock the PIN).
     */
    @Override
    public void recover(long failedGeneration) {
        live();
        synchronized (reconnectLock) {
            if (connection.generation() != failedGeneration) {
                return; // another thread already reconnected
            }
            Connection failed = connection;
            broken = true;
            if (pinRefused != null) {
                throw new HsmException(pinRefused.fault(), "token " + settings.token() + " refused the PIN on reconnection; "
                        + "not trying it again (reopen the vault with the right PIN)", pinRefused);
            }
            Instant now = settings.clock().instant();
            if (now.isBefore(nextAttempt)) {
                throw new HsmException(HsmFault.TOKEN_UNAVAILABLE, "token " + settings.token() + " in " + module
                        + " is unavailable; next reconnection attempt at " + nextAttempt);
            }
            LOG.log(System.Logger.Level.WARNING, "token {0} went away; reconnecting", settings.token());
            Connection fresh;
            try {
                fresh = connectPrivately(failed.generation() + 1);
            } catch (HsmException e) {
                nextAttempt = now.plus(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
                LOG.log(System.Logger.Level.WARNING, "reconnecting to {0} failed ({1}); next attempt at {2}",
                        settings.token(), e.getMessage(), nextAttempt);
                if (e.fault() == HsmFault.WRONG_PIN || e.fault() == HsmFault.PIN_LOCKED) {
                    pinRefused = e;
                    throw e;
                }
                if (e.fault() == HsmFault.MODULE_NOT_FOUND) {
                    throw e;
                }
                throw new HsmException(HsmFault.TOKEN_UNAVAILABLE, "token " + settings.token() + " in " + module
                        + " is unavailable (" + e.getMessage() + ")", e);
            }
            backoff = settings.reconnectBackoff();
            nextAttempt = Instant.MIN;
            connection = fresh;
            broken = false;
            pools.values().forEach(SignerPool::clear);
            LOG.log(System.Logger.Level.INFO, "reconnected to {0} (module instance {1})", description(), fresh.library());
        }
    }

    @Override
    public HsmException translate(Exception e, String doing) {
        return Pkcs11Errors.wrap(e, doing);
    }

    private PrivateKey privateKey(Connection c, String label) throws GeneralSecurityException {
        Key key = c.keyStore().getKey(label, null);
        if (key == null && c.keyStore().isKeyEntry(label)) {
            // SunPKCS11 answers null, not an error, when a key it listed at login cannot be
            // read any more: the token went away.
            throw new HsmException(HsmFault.TOKEN_UNAVAILABLE, "key '" + label + "' is listed but cannot be read from "
                    + description());
        }
        if (!(key instanceof PrivateKey pk)) {
            throw new HsmException(HsmFault.UNKNOWN_KEY, "no key labelled '" + label + "' in " + description());
        }
        return pk;
    }

    /**
     * Re-reads the token's objects into the key store: SunPKCS11 lists the labels it found at
     * login, so without this a key made by another process stays unseen, and a token that went
     * away is noticed only by the next signature.
     */
    private void refresh(Connection c) throws Exception {
        c.keyStore().load(null, pin);
    }

    @FunctionalInterface
    private interface TokenWork<T> {
        T run(Connection c) throws Exception;
    }

    /** Runs work on the token; if the token went away, reconnects once and runs it again. */
    private <T> T withReconnect(String doing, TokenWork<T> work) {
        Connection c = usable();
        HsmException typed;
        try {
            return work.run(c);
        } catch (HsmException e) {
            typed = e;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            typed = Pkcs11Errors.wrap(e, doing);
        }
        if (typed.fault() != HsmFault.TOKEN_UNAVAILABLE) {
            throw typed;
        }
        recover(c.generation());
        try {
            return work.run(live());
        } catch (HsmException | IllegalArgumentException again) {
            throw again;
        } catch (Exception again) {
            throw Pkcs11Errors.wrap(again, doing);
        }
    }

    @Override
    public Sealer sealer(String label) {
        KeyLabels.check(label);
        synchronized (creating) {
            withReconnect("preparing the sealing key '" + label + "'", c -> {
                refresh(c); // as in generate: never a second key under a label another vault just used
                prepareSealingKey(c, label);
                return null;
            });
        }
        return sealerOf(label);
    }

    private void prepareSealingKey(Connection c, String label) throws Exception {
        if (!(c.keyStore().getKey(label, null) instanceof SecretKey)) {
            if (c.keyStore().containsAlias(label)) {
                throw new HsmException(HsmFault.KEY_EXISTS, "'" + label + "' is a key pair, not a sealing key");
            }
            KeyGenerator kg = KeyGenerator.getInstance("AES", c.provider());
            kg.init(256);
            c.keyStore().setEntry(label, new KeyStore.SecretKeyEntry(kg.generateKey()), null);
        }
    }

    private Sealer sealerOf(String label) {
        return new Sealer() {
            /** The key handle of the current connection; looked up again after a reconnect. */
            private volatile CachedKey cached;

            private SecretKey key(Connection c) throws GeneralSecurityException {
                CachedKey k = cached;
                if (k == null || k.generation() != c.generation()) {
                    k = new CachedKey(secretKey(c, label), c.generation());
                    cached = k;
                }
                return k.key();
            }

            @Override
            public byte[] seal(byte[] plaintext, byte[] aad) {
                return withReconnect("sealing with '" + label + "'",
                        c -> AesGcmFormat.seal(key(c), c.provider(), plaintext, aad));
            }

            @Override
            public byte[] unseal(byte[] sealed, byte[] aad) {
                return withReconnect("unsealing with '" + label + "'",
                        c -> AesGcmFormat.unseal(key(c), c.provider(), sealed, aad));
            }
        };
    }

    private record CachedKey(SecretKey key, long generation) {
    }

    private SecretKey secretKey(Connection c, String label) throws GeneralSecurityException {
        Key key = c.keyStore().getKey(label, null);
        if (key == null && c.keyStore().containsAlias(label)) {
            throw new HsmException(HsmFault.TOKEN_UNAVAILABLE, "sealing key '" + label + "' is listed but cannot be read from "
                    + description());
        }
        if (!(key instanceof SecretKey sk)) {
            throw new HsmException(HsmFault.UNKNOWN_KEY, "no sealing key labelled '" + label + "' in " + description());
        }
        return sk;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pools.values().forEach(SignerPool::clear);
        pools.clear();
        try {
            if (connection.provider() instanceof AuthProvider ap) {
                ap.logout();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "logout failed", e);
        }
        Arrays.fill(pin, '\0');
    }
}
