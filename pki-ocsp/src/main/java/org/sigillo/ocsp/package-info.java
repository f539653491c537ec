/**
 * The RFC 6960 OCSP responder ({@link org.sigillo.ocsp.OcspResponder}, built with
 * {@link org.sigillo.ocsp.OcspResponderBuilder} from {@link org.sigillo.ocsp.OcspIssuer}s) and
 * its HTTP binding ({@link org.sigillo.ocsp.OcspHttpHandler} to mount on any JDK
 * {@code HttpServer}, {@link org.sigillo.ocsp.OcspHttpServer} to run one stand-alone). Statuses
 * come from {@link org.sigillo.status.StatusSource}; signing goes through a Bouncy Castle
 * {@code ContentSigner}, normally a pki-hsm signer pool. Nothing here accepts or returns null
 * unless its documentation says so.
 */
package org.sigillo.ocsp;
