package org.sigillo.registry;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The result of granting a daily password: the value to store ({@link #stored()}) and, once,
 * the clear password to show to the ALS. {@link #toString()} never shows the password; call
 * {@link #destroy()} once it has been shown.
 */
public final class DailyPasswordGrant implements Destroyable {

    private final DailyPassword stored;
    private final char[] password;
    private boolean destroyed;

    DailyPasswordGrant(DailyPassword stored, char[] password) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.password = password;
    }

    /** The value to store: hash and validity only. */
    public DailyPassword stored() {
        return stored;
    }

    /** A copy of the clear password (to show once). */
    public char[] revealPassword() {
        if (destroyed) {
            throw new IllegalStateException("the password has been destroyed");
        }
        return password.clone();
    }

    /** Overwrites the clear password. */
    @Override
    public void destroy() {
        Arrays.fill(password, '\0');
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DailyPasswordGrant[holder=" + stored.holder() + ", expiresAt=" + stored.expiresAt()
                + ", password=****]";
    }
}
