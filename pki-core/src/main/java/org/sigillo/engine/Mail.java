package org.sigillo.engine;

import java.util.Objects;

import org.sigillo.registry.EmailAddress;

/**
 * One plain-text e-mail the engine sends (the PIN/PUK halves of a delivered card). The body may
 * hold a secret half: a {@link Mailer} hands it to the mail system and never logs it, and
 * {@link #toString()} shows only the recipient and subject.
 *
 * @param to      recipient
 * @param subject subject line (no line breaks)
 * @param body    text body
 */
public record Mail(EmailAddress to, String subject, String body) {

    /** Refuses null parts and a subject with line breaks (header injection). */
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a mail subject must be one line");
        }
    }

    @Override
    public String toString() {
        return "mail to " + to + ": " + subject;
    }
}
