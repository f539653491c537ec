package org.sigillo.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import org.sigillo.hsm.KeySpec;

/**
 * A paired check of {@link SignerPoolBenchmark}'s question for noisy machines: pool and raw
 * SunPKCS11 signing alternate in short blocks in the same JVM (all threads switch together),
 * so slow drifts in machine load hit both alike; the median of the per-pair throughput ratios
 * is the pool's cost. Arguments: threads, pairs, signatures per block per thread, key specs.
 * Run through {@code run-signer-bench.sh --paired ...}.
 */
public final class SignerPoolPairedCheck {
    private SignerPoolPairedCheck() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int pairs = Integer.parseInt(args[1]);
        int block = Integer.parseInt(args[2]);
        for (int a = 3; a < args.length; a++) {
            run(KeySpec.valueOf(args[a]), threads, pairs, block);
        }
    }

    private static void run(KeySpec key, int threads, int pairs, int block) throws Exception {
        SignerPoolBenchmark.Hsm hsm = new SignerPoolBenchmark.Hsm();
        hsm.key = key;
        hsm.open();
        SignerPoolBenchmark bench = new SignerPoolBenchmark();
        SignerPoolBenchmark.PerThread[] states = new SignerPoolBenchmark.PerThread[threads];
        for (int t = 0; t < threads; t++) {
            states[t] = new SignerPoolBenchmark.PerThread();
            states[t].prepare(hsm);
        }
        // Blocks: warm-up pair first, then measured pairs; order inside a pair alternates.
        int blocks = 2 * (pairs + 1);
        long[] nanos = new long[blocks];
        CyclicBarrier barrier = new CyclicBarrier(threads, () -> { });
        long[] starts = new long[blocks];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SignerPoolBenchmark.PerThread state = states[t];
            boolean first = t == 0;
            Thread w = new Thread(() -> {
                try {
                    for (int b = 0; b < blocks; b++) {
                        barrier.await();
                        if (first) {
                            starts[b] = System.nanoTime();
                        }
                        boolean pool = isPool(b);
                        for (int i = 0; i < block; i++) {
                            byte[] sig = pool ? bench.pool(hsm, state) : bench.rawSunPkcs11(state);
                            if (sig.length == 0) {
                                throw new IllegalStateException("empty signature");
                            }
                        }
                        barrier.await();
                        if (first) {
                            nanos[b] = System.nanoTime() - starts[b];
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        hsm.close();
        double[] ratios = new double[pairs];
        double[] poolRates = new double[pairs];
        double[] rawRates = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            int b0 = 2 * (p + 1);
            long poolNanos = isPool(b0) ? nanos[b0] : nanos[b0 + 1];
            long rawNanos = isPool(b0) ? nanos[b0 + 1] : nanos[b0];
            poolRates[p] = threads * block * 1e9 / poolNanos;
            rawRates[p] = threads * block * 1e9 / rawNanos;
            ratios[p] = poolRates[p] / rawRates[p];
        }
        System.out.printf("%-9s threads=%d pairs=%d block=%d  pool median %.0f/s  raw median %.0f/s  "
                        + "pool/raw median %.3f (quartiles %.3f..%.3f)%n",
                key, threads, pairs, block, median(poolRates), median(rawRates), median(ratios),
                quantile(ratios, 0.25), quantile(ratios, 0.75));
    }

    /** Pair p (blocks 2p, 2p+1) runs pool first when p is even, raw first when p is odd. */
    private static boolean isPool(int b) {
        int pair = b / 2;
        return (b % 2 == 0) == (pair % 2 == 0);
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
