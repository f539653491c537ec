/**
 * The dual check at login: a workstation certificate and a smart-card certificate checked
 * together against the two issuing CAs and the live state (validity, blocks and revocations,
 * the person's current card, registration and state), giving a {@link
 * SessionPrincipal} or one precise {@link
 * RefusalReason}. Nothing in this package accepts or returns
 * {@code null} unless a method says so.
 */
package org.sigillo.validation;
