package org.sigillo.registry;

/** Thrown when a text names no {@link Profile}. */
public final class UnknownProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String profile;

    UnknownProfileException(String profile) {
        super("unknown profile: '" + profile + "'");
        this.profile = profile;
    }

    /** The unknown profile, as given. */
    public String profile() {
        return profile;
    }
}
