package org.sigillo.registry;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The environments of a registration: immutable and never empty. */
public final class EnvironmentSet implements Iterable<Environment> {

    private final EnumSet<Environment> environments;

    private EnvironmentSet(EnumSet<Environment> environments) {
        if (environments.isEmpty()) {
            throw new InvalidEnvironmentException(InvalidEnvironmentException.Reason.EMPTY,
                    "a registration needs at least one environment");
        }
        this.environments = environments;
    }

    /** A set of the given environments. */
    public static EnvironmentSet of(Environment first, Environment... more) {
        EnumSet<Environment> set = EnumSet.of(Objects.requireNonNull(first, "first"));
        set.addAll(Arrays.asList(more));
        return new EnvironmentSet(set);
    }

    /** A set of the given environments. */
    public static EnvironmentSet of(Collection<Environment> environments) {
        EnumSet<Environment> set = EnumSet.noneOf(Environment.class);
        set.addAll(environments);
        return new EnvironmentSet(set);
    }

    /** Parses a {@code ;}-separated list (empty items ignored). */
    public static EnvironmentSet parse(String text) {
        EnumSet<Environment> set = EnumSet.noneOf(Environment.class);
        for (String item : text.split(";", -1)) {
            if (!item.isBlank()) {
                set.add(Environment.parse(item));
            }
        }
        return new EnvironmentSet(set);
    }

    /** Whether the set holds the environment. */
    public boolean contains(Environment environment) {
        return environments.contains(environment);
    }

    /** An unmodifiable view. */
    public Set<Environment> asSet() {
        return Collections.unmodifiableSet(environments);
    }

    @Override
    public Iterator<Environment> iterator() {
        return asSet().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvironmentSet && ((EnvironmentSet) o).environments.equals(environments);
    }

    @Override
    public int hashCode() {
        return environments.hashCode();
    }

    /** The names joined by {@code ;}. */
    @Override
    public String toString() {
        return environments.stream().map(Enum::name).collect(Collectors.joining(";"));
    }
}
