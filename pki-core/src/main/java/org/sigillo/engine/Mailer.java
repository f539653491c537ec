package org.sigillo.engine;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Sends the engine's e-mails. The default, {@link #folder(Path)}, writes each message as an
 * RFC 5322 {@code .eml} file, for a mail relay (or an operator) to pick up; a console backend
 * plugs in its own SMTP client. Implementations must never log a message body.
 */
public interface Mailer {

    /**
     * Sends {@code mail}.
     *
     * @throws MailException when it could not be handed over
     */
    void send(Mail mail);

    /** A mailer that writes {@code .eml} files into {@code folder} (created when missing), dated by {@code clock}. */
    static Mailer folder(Path folder, Clock clock) {
        return new EmlFolderMailer(folder, clock);
    }

    /** A mail that could not be handed over. */
    final class MailException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A failure to send, with its cause. */
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
