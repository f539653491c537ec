package org.sigillo.registry;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The profiles of one registration: immutable, never empty, and ASC stands alone.
 */
public final class ProfileSet implements Iterable<Profile> {

    private final EnumSet<Profile> profiles;

    private ProfileSet(EnumSet<Profile> profiles) {
        if (profiles.isEmpty()) {
            throw new InvalidProfileSetException(InvalidProfileSetException.Reason.EMPTY,
                    "a registration needs at least one profile");
        }
        if (profiles.contains(Profile.ASC) && profiles.size() > 1) {
            EnumSet<Profile> others = EnumSet.copyOf(profiles);
            others.remove(Profile.ASC);
            throw new InvalidProfileSetException(InvalidProfileSetException.Reason.ASC_NOT_ALONE,
                    "ASC excludes every other profile, but " + others + " was also chosen");
        }
        this.profiles = profiles;
    }

    /** A set of the given profiles (duplicates collapse). */
    public static ProfileSet of(Profile first, Profile... more) {
        EnumSet<Profile> set = EnumSet.of(Objects.requireNonNull(first, "first"));
        set.addAll(Arrays.asList(more));
        return new ProfileSet(set);
    }

    /** A set of the given profiles (duplicates collapse). */
    public static ProfileSet of(Collection<Profile> profiles) {
        EnumSet<Profile> set = EnumSet.noneOf(Profile.class);
        set.addAll(profiles);
        return new ProfileSet(set);
    }

    /**
     * Parses a list of profiles separated by {@code ;} (empty items are ignored), each by
     * {@link Profile#parse}.
     *
     * @throws UnknownProfileException for the first unknown profile
     * @throws InvalidProfileSetException if none is given or ASC is not alone
     */
    public static ProfileSet parse(String text) {
        EnumSet<Profile> set = EnumSet.noneOf(Profile.class);
        for (String item : text.split(";", -1)) {
            if (!item.isBlank()) {
                set.add(Profile.parse(item));
            }
        }
        return new ProfileSet(set);
    }

    /** Whether the set holds the profile. */
    public boolean contains(Profile profile) {
        return profiles.contains(profile);
    }

    /** Whether the set holds at least one of the given profiles. */
    public boolean containsAny(Set<Profile> wanted) {
        for (Profile p : wanted) {
            if (profiles.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** An unmodifiable view of the profiles, in declaration order. */
    public Set<Profile> asSet() {
        return Collections.unmodifiableSet(profiles);
    }

    /** How many profiles. */
    public int size() {
        return profiles.size();
    }

    @Override
    public Iterator<Profile> iterator() {
        return asSet().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileSet && ((ProfileSet) o).profiles.equals(profiles);
    }

    @Override
    public int hashCode() {
        return profiles.hashCode();
    }

    /** The codes joined by {@code ;}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return profiles.stream().map(Profile::code).collect(Collectors.joining(";"));
    }
}
