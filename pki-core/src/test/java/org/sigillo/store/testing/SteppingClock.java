package org.sigillo.store.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A test clock that starts at a given instant and moves forward by a fixed step on every read. Thread-safe. */
public final class SteppingClock extends Clock {

    private final AtomicReference<Instant> next;
    private final Duration step;

    /** Starts at {@code start}; each {@link #instant()} returns the current value, then advances by {@code step}. */
    public SteppingClock(Instant start, Duration step) {
        this.next = new AtomicReference<>(start);
        this.step = step;
    }

    @Override
    public Instant instant() {
        return next.getAndUpdate(i -> i.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("SteppingClock is UTC only");
    }
}
