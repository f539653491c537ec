/**
 * The RFC 6960 OCSP responder ({@link OcspResponder}, built with
 * {@link OcspResponderBuilder} from {@link OcspIssuer}s) and
 * its HTTP binding ({@link OcspHttpHandler} to mount on any JDK
 * {@code HttpServer}, {@link OcspHttpServer} to run one stand-alone). Statuses
 * come from {@link StatusSource}; signing goes through a Bouncy Castle
 * {@code ContentSigner}, normally a pki-hsm signer pool. Nothing here accepts or returns null
 * unless its documentation says so.
 */
package org.sigillo.ocsp;

import org.sigillo.status.StatusSource;
