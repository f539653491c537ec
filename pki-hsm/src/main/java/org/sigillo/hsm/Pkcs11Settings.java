package org.sigillo.hsm;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How to reach a PKCS#11 token: the module library, which token, the user PIN and the signer
 * pool settings. Built and checked by {@link #builder()}; the PIN is held as a {@code char[]}
 * copy, wiped by {@link #wipePin()}, and never printed.
 */
public final class Pkcs11Settings {
    private final Path module;
    private final TokenSelector token;
    private final char[] pin;
    private final PoolSettings pool;
    private final Duration reconnectBackoff;
    private final Clock clock;

    private Pkcs11Settings(Builder b) {
        this.module = b.module;
        this.token = b.token;
        this.pin = b.pin.clone();
        this.pool = b.pool;
        this.reconnectBackoff = b.reconnectBackoff;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The PKCS#11 module shared library. */
    public Path module() {
        return module;
    }

    public TokenSelector token() {
        return token;
    }

    /** A copy of the user PIN; the caller wipes it when done. */
    public char[] pin() {
        return pin.clone();
    }

    public PoolSettings pool() {
        return pool;
    }

    /**
     * How long the vault waits after a failed reconnection before it tries again (doubling
     * after each failure, up to a minute); calls in between fail fast with
     * {@link HsmFault#TOKEN_UNAVAILABLE}.
     */
    public Duration reconnectBackoff() {
        return reconnectBackoff;
    }

    /** The clock that times reconnection attempts. */
    public Clock clock() {
        return clock;
    }

    /** Overwrites the held PIN. */
    public void wipePin() {
        Arrays.fill(pin, '\0');
    }

    @Override
    public String toString() {
        return "Pkcs11Settings[module=" + module + ", token=" + token + ", pin=<hidden>, pool=" + pool
                + ", reconnectBackoff=" + reconnectBackoff + "]";
    }

    /** Builder that fails fast on missing or contradictory settings. */
    public static final class Builder {
        private Path module;
        private TokenSelector token;
        private char[] pin;
        private PoolSettings pool = PoolSettings.defaults();
        private Duration reconnectBackoff = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder module(Path module) {
            this.module = Objects.requireNonNull(module, "module");
            return this;
        }

        public Builder token(TokenSelector token) {
            if (this.token != null) {
                throw new IllegalStateException("token was already set to " + this.token);
            }
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder tokenLabel(String label) {
            return token(new TokenSelector.ByLabel(label));
        }

        /** Copies the PIN; the caller may wipe its array afterwards. */
        public Builder pin(char[] pin) {
            Objects.requireNonNull(pin, "pin");
            if (pin.length == 0) {
                throw new IllegalArgumentException("the user PIN must not be empty");
            }
            this.pin = pin.clone();
            return this;
        }

        public Builder pool(PoolSettings pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** The first wait after a failed reconnection (default one second; zero retries at once). */
        public Builder reconnectBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("reconnect backoff must be zero or positive, was " + backoff);
            }
            this.reconnectBackoff = backoff;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Pkcs11Settings build() {
            if (module == null) {
                throw new IllegalStateException("the PKCS#11 module path is not set");
            }
            if (token == null) {
                throw new IllegalStateException("no token selected (label, slot id or slot index)");
            }
            if (pin == null) {
                throw new IllegalStateException("the user PIN is not set");
            }
            Pkcs11Settings s = new Pkcs11Settings(this);
            Arrays.fill(pin, '\0');
            return s;
        }
    }
}
