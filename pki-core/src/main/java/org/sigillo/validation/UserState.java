package org.sigillo.validation;

/** The live state of a person as the dual check reads it. */
public enum UserState {
    /** Active: may log in. */
    ATTIVO,
    /** Blocked by an administrator: every login is refused. */
    BLOCCATO
}
