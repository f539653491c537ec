/**
 * The pure domain of people and enti: ISTAT codes, codice fiscale, profiles, e-mail addresses,
 * who may do what, daily passwords, smart-card secrets and the census CSV. No storage and no
 * certificates here: values, rules and parsers that a store calls. Nothing in this package
 * accepts or returns {@code null} unless a method says so.
 */
package org.sigillo.registry;
