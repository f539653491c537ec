package org.sigillo.cli;

/** The exit codes operators and scripts rely on. */
public enum ExitCode {
    /** Done. */
    OK(0),
    /** Refused by a rule (the reason is printed). */
    REFUSED(1),
    /** Bad input or usage. */
    BAD_INPUT(2),
    /** Infrastructure: HSM or database. */
    INFRASTRUCTURE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
