package org.sigillo.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CardState;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPassword;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.PasswordHash;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;
import org.sigillo.validation.UserState;

/**
 * The JDBC side of people: persons, registrations, smart cards and daily passwords. Every method
 * runs in the caller's transaction. Every write to a person's rows takes the next value of the
 * durable counter {@code people-change} into {@code person.change_seq}, so engines sharing the
 * database reload exactly the people that changed.
 */
final class PeopleStore {
    private static final String USER_COLUMNS = "p.cf, p.given_name, p.surname, r.ente, r.profiles, r.environments, r.email, "
            + "r.pec, r.state, r.created_at";
    private static final String CARD_COLUMNS = "card_number, cf, ente, state, requested_at, state_changed_at, revocation_reason";

    private final DurableCounters counters;

    PeopleStore(DurableCounters counters) {
        this.counters = counters;
    }

    // --- persons -----------------------------------------------------------------------

    /**
     * Inserts the person, or keeps the stored one (names are the person's, not a registration's),
     * then holds the person's row lock ({@link #lockPerson}). Two transactions inserting the same
     * new person at once: the second's insert waits for the first and fails on the primary key;
     * that insert alone is undone (a savepoint; PostgreSQL would otherwise abort the whole
     * transaction) and the stored person is kept, so neither caller sees a constraint error.
     */
    void ensurePerson(Transaction tx, CodiceFiscale cf, String givenName, String surname) throws SQLException {
        if (lockPerson(tx, cf)) {
            return;
        }
        Connection c = tx.connection();
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO person (cf, given_name, surname, change_seq) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, cf.canonical());
            ps.setString(2, givenName);
            ps.setString(3, surname);
            ps.setLong(4, counters.next(tx, "people-change"));
            ps.executeUpdate();
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before); // inserted meanwhile by a transaction that committed first: keep that one
        }
        if (!lockPerson(tx, cf)) {
            throw new SQLException("person " + cf.canonical() + " vanished while being inserted", "40001");
        }
    }

    /**
     * Takes the person's row lock to the end of the transaction; false when there is no such
     * person. Everything that reads a person's cards or registrations to decide what to write
     * (a card request revoking the previous cards, a deletion revoking them with the last
     * registration) takes it first, so two such transactions on one person run one after the other.
     */
    boolean lockPerson(Transaction tx, CodiceFiscale cf) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT 1 FROM person WHERE cf = ? FOR UPDATE")) {
            ps.setString(1, cf.canonical());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Marks the person changed (for engines following the store). */
    void touch(Transaction tx, CodiceFiscale cf) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE person SET change_seq = ? WHERE cf = ?")) {
            ps.setLong(1, counters.next(tx, "people-change"));
            ps.setString(2, cf.canonical());
            ps.executeUpdate();
        }
    }

    /** Every person changed after {@code afterSeq}; returns the highest change number seen. */
    long changedSince(Transaction tx, long afterSeq, List<CodiceFiscale> sink) throws SQLException {
        long max = afterSeq;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT cf, change_seq FROM person WHERE change_seq > ? ORDER BY change_seq")) {
            ps.setLong(1, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.add(CodiceFiscale.parse(rs.getString(1)));
                    max = Math.max(max, rs.getLong(2));
                }
            }
        }
        return max;
    }

    /** The person's change number as {@code tx} sees it (0 when the person is not stored). */
    long changeSeq(Transaction tx, CodiceFiscale cf) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT change_seq FROM person WHERE cf = ?")) {
            ps.setString(1, cf.canonical());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The highest people change number so far (0 when nobody was ever stored). */
    long lastChange(Transaction tx) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT COALESCE(MAX(change_seq), 0) FROM person");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every registration of every person (one query; the start-up load of the live view). */
    List<UserRecord> allRegistrations(Transaction tx) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + USER_COLUMNS
                + " FROM registration r JOIN person p ON p.cf = r.cf")) {
            ps.setFetchSize(10_000);
            return users(ps);
        }
    }

    /** A card in use (delivered or blocked) with its issued certificate: issuer key id and serial, lowercase hex. */
    record UsableCard(CodiceFiscale cf, String issuerKeyId, String serial) {
    }

    /**
     * Every person's newest usable card (one query; the start-up load of the live view), by the
     * same rule as {@link LivePeople}: ATTIVA or BLOCCATA, certificate issued, newest first.
     */
    List<UsableCard> newestUsableCards(Transaction tx) throws SQLException {
        List<UsableCard> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT s.cf, c.issuer_ski, c.serial FROM smart_card s "
                + "JOIN certificate c ON c.code = s.card_number WHERE s.state IN (?, ?) AND c.serial IS NOT NULL "
                + "ORDER BY s.cf, s.requested_at DESC, s.card_number DESC")) {
            ps.setString(1, CardState.ATTIVA.name());
            ps.setString(2, CardState.BLOCCATA.name());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                String last = null;
                while (rs.next()) {
                    String cf = rs.getString(1);
                    if (!cf.equals(last)) {
                        out.add(new UsableCard(CodiceFiscale.parse(cf), rs.getString(2), rs.getString(3)));
                        last = cf;
                    }
                }
            }
        }
        return out;
    }

    // --- registrations -----------------------------------------------------------------

    void insertRegistration(Transaction tx, IstatCode ente, NewUser u, Instant now) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO registration (cf, ente, profiles, environments, "
                + "email, pec, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, u.cf().canonical());
            ps.setString(2, ente.value());
            ps.setString(3, u.profiles().toString());
            ps.setString(4, u.environments().toString());
            ps.setString(5, u.email().toString());
            ps.setString(6, u.pec().map(EmailAddress::toString).orElse(null));
            ps.setString(7, UserState.ATTIVO.name());
            ps.setObject(8, CertificateStore.odt(now));
            ps.executeUpdate();
        }
        touch(tx, u.cf());
    }

    void updateRegistration(Transaction tx, CodiceFiscale cf, IstatCode ente, ProfileSet profiles, EnvironmentSet environments,
                            EmailAddress email, Optional<EmailAddress> pec) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE registration SET profiles = ?, environments = ?, "
                + "email = ?, pec = ? WHERE cf = ? AND ente = ?")) {
            ps.setString(1, profiles.toString());
            ps.setString(2, environments.toString());
            ps.setString(3, email.toString());
            ps.setString(4, pec.map(EmailAddress::toString).orElse(null));
            ps.setString(5, cf.canonical());
            ps.setString(6, ente.value());
            ps.executeUpdate();
        }
        touch(tx, cf);
    }

    void setRegistrationState(Transaction tx, CodiceFiscale cf, IstatCode ente, UserState state) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE registration SET state = ? WHERE cf = ? AND ente = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, cf.canonical());
            ps.setString(3, ente.value());
            ps.executeUpdate();
        }
        touch(tx, cf);
    }

    /** Deletes the registration; its daily password goes with it (ON DELETE CASCADE, V5). */
    void deleteRegistration(Transaction tx, CodiceFiscale cf, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM registration WHERE cf = ? AND ente = ?")) {
            ps.setString(1, cf.canonical());
            ps.setString(2, ente.value());
            ps.executeUpdate();
        }
        touch(tx, cf);
    }

    Optional<UserRecord> registration(Transaction tx, CodiceFiscale cf, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + USER_COLUMNS
                + " FROM registration r JOIN person p ON p.cf = r.cf WHERE r.cf = ? AND r.ente = ?")) {
            ps.setString(1, cf.canonical());
            ps.setString(2, ente.value());
            return first(users(ps));
        }
    }

    /**
     * Locks the registration's row until the transaction ends (a concurrent writer of the same
     * registration waits), so that what a write reads before it writes is still what it
     * overwrites: READ COMMITTED alone would let two read-then-write transactions lose one
     * another's change. Returns whether the registration exists.
     */
    boolean lockRegistration(Transaction tx, CodiceFiscale cf, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT 1 FROM registration WHERE cf = ? AND ente = ? FOR UPDATE")) {
            ps.setString(1, cf.canonical());
            ps.setString(2, ente.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    List<UserRecord> registrationsOf(Transaction tx, CodiceFiscale cf) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + USER_COLUMNS
                + " FROM registration r JOIN person p ON p.cf = r.cf WHERE r.cf = ? ORDER BY r.ente")) {
            ps.setString(1, cf.canonical());
            return users(ps);
        }
    }

    List<UserRecord> registrationsIn(Transaction tx, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + USER_COLUMNS
                + " FROM registration r JOIN person p ON p.cf = r.cf WHERE r.ente = ? ORDER BY p.surname, p.given_name, p.cf")) {
            ps.setString(1, ente.value());
            return users(ps);
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<UserRecord> users(PreparedStatement ps) throws SQLException {
        List<UserRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String pec = rs.getString(8);
                out.add(new UserRecord(CodiceFiscale.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                        IstatCode.parse(rs.getString(4)), ProfileSet.parse(rs.getString(5)), EnvironmentSet.parse(rs.getString(6)),
                        EmailAddress.parse(rs.getString(7)), pec == null ? Optional.empty() : Optional.of(EmailAddress.parse(pec)),
                        UserState.valueOf(rs.getString(9)), rs.getObject(10, OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    // --- cards -------------------------------------------------------------------------

    void insertCard(Transaction tx, String number, CodiceFiscale cf, IstatCode ente, String sealedMailHalf, Instant now)
            throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO smart_card (card_number, cf, ente, state, "
                + "requested_at, state_changed_at, revocation_reason, mail_half) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)")) {
            ps.setString(1, number);
            ps.setString(2, cf.canonical());
            ps.setString(3, ente.value());
            ps.setString(4, CardState.IN_LAVORAZIONE.name());
            ps.setObject(5, CertificateStore.odt(now));
            ps.setObject(6, CertificateStore.odt(now));
            ps.setString(7, sealedMailHalf);
            ps.executeUpdate();
        }
        touch(tx, cf);
    }

    /** Moves the card from {@code from} to {@code to}; a concurrent change fails the transaction (retried). */
    void setCardState(Transaction tx, CardRecord card, CardState to, Optional<RevocationReason> reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE smart_card SET state = ?, state_changed_at = ?, "
                + "revocation_reason = ? WHERE card_number = ? AND state = ?")) {
            ps.setString(1, to.name());
            ps.setObject(2, CertificateStore.odt(now));
            if (reason.isPresent()) {
                ps.setInt(3, reason.get().code());
            } else {
                ps.setNull(3, Types.INTEGER);
            }
            ps.setString(4, card.number());
            ps.setString(5, card.state().name());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("card " + card.number() + " changed state concurrently", "40001");
            }
        }
        touch(tx, card.cf());
    }

    Optional<CardRecord> card(Transaction tx, String number) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + CARD_COLUMNS + " FROM smart_card WHERE card_number = ?")) {
            ps.setString(1, number);
            return first(cards(ps));
        }
    }

    /** The person's cards, newest first. */
    List<CardRecord> cardsOf(Transaction tx, CodiceFiscale cf) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + CARD_COLUMNS
                + " FROM smart_card WHERE cf = ? ORDER BY requested_at DESC, card_number DESC")) {
            ps.setString(1, cf.canonical());
            return cards(ps);
        }
    }

    /** The ente's cards in {@code state}, oldest first. */
    List<CardRecord> cardsIn(Transaction tx, IstatCode ente, CardState state) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + CARD_COLUMNS
                + " FROM smart_card WHERE ente = ? AND state = ? ORDER BY card_number")) {
            ps.setString(1, ente.value());
            ps.setString(2, state.name());
            return cards(ps);
        }
    }

    Optional<String> sealedMailHalf(Transaction tx, String number) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT mail_half FROM smart_card WHERE card_number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<CardRecord> cards(PreparedStatement ps) throws SQLException {
        List<CardRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int reason = rs.getInt(7);
                Optional<RevocationReason> r = rs.wasNull() ? Optional.empty() : Optional.of(RevocationReason.fromCode(reason));
                out.add(new CardRecord(rs.getString(1), CodiceFiscale.parse(rs.getString(2)), IstatCode.parse(rs.getString(3)),
                        CardState.valueOf(rs.getString(4)), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), r));
            }
        }
        return out;
    }

    // --- daily passwords ---------------------------------------------------------------

    void putDailyPassword(Transaction tx, IstatCode ente, DailyPassword p, String grantedBy) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM daily_password WHERE cf = ? AND ente = ?")) {
            ps.setString(1, p.holder().canonical());
            ps.setString(2, ente.value());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO daily_password (cf, ente, hash, granted_by, "
                + "granted_at, valid_until) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.holder().canonical());
            ps.setString(2, ente.value());
            ps.setString(3, p.hash().encoded());
            ps.setString(4, grantedBy);
            ps.setObject(5, CertificateStore.odt(p.grantedAt()));
            ps.setObject(6, CertificateStore.odt(p.expiresAt()));
            ps.executeUpdate();
        }
    }

    Optional<DailyPassword> dailyPassword(Transaction tx, CodiceFiscale cf, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT hash, granted_at, valid_until FROM daily_password WHERE cf = ? AND ente = ?")) {
            ps.setString(1, cf.canonical());
            ps.setString(2, ente.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DailyPassword(cf, rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), PasswordHash.parse(rs.getString(1))));
            }
        }
    }
}
