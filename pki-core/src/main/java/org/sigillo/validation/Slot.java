package org.sigillo.validation;

/** Which of the two certificates of a dual check a refusal is about. */
public enum Slot {
    /** The workstation (PC) certificate. */
    WORKSTATION,
    /** The person's smart-card certificate. */
    CARD
}
