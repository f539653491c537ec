package org.sigillo.profile;

import java.util.Locale;
import java.util.Objects;

import org.sigillo.registry.InvalidIstatCodeException;
import org.sigillo.registry.IstatCode;

/**
 * The code of a workstation ({@code 058091-PC-0001}: a per-ente progressive from 0001, never
 * reused) or of a server certificate ({@code 058091-CO-9999}, then 9998, … for each
 * replacement).
 */
public record EntityCode(IstatCode istat, Kind kind, int number) {
    /** PC for workstations, CO for server certificates. */
    public enum Kind {
        PC,
        CO
    }

    public EntityCode {
        Objects.requireNonNull(istat, "istat");
        Objects.requireNonNull(kind, "kind");
        if (number < 1 || number > 9999) {
            throw new InvalidCodeException(istat + "-" + kind + "-" + number, "the number must be 0001..9999");
        }
    }

    /** The n-th workstation of an ente (n from 1). */
    public static EntityCode workstation(IstatCode istat, int n) {
        return new EntityCode(istat, Kind.PC, n);
    }

    /** The server certificate of a generation: 0 is 9999, 1 is 9998, … */
    public static EntityCode server(IstatCode istat, int generation) {
        if (generation < 0 || generation > 9998) {
            throw new InvalidCodeException(istat + "-CO-?", "server generation must be 0..9998, was " + generation);
        }
        return new EntityCode(istat, Kind.CO, 9999 - generation);
    }

    /**
     * @throws InvalidCodeException naming the input when it is not {ISTAT}-PC|CO-{NNNN}
     */
    public static EntityCode parse(String text) {
        if (text == null) {
            throw new InvalidCodeException("null", "no code given");
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.matches("[0-9]{6}-(PC|CO)-[0-9]{4}")) {
            throw new InvalidCodeException(text, "expected {ISTAT}-PC-{NNNN} or {ISTAT}-CO-{NNNN}");
        }
        try {
            return new EntityCode(IstatCode.parse(t.substring(0, 6)), Kind.valueOf(t.substring(7, 9)), Integer.parseInt(t.substring(10)));
        } catch (InvalidIstatCodeException e) {
            throw new InvalidCodeException(text, e.getMessage());
        }
    }

    public CertificateKind certificateKind() {
        return kind == Kind.PC ? CertificateKind.WORKSTATION : CertificateKind.SERVER;
    }

    @Override
    public String toString() {
        return istat.value() + "-" + kind + "-" + String.format("%04d", number);
    }
}
