package org.citykpi.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic random streams keyed by (seed, parts...). Every generated block of rows draws from
 * its own stream keyed by e.g. (seed, source, city, date), so the output does not depend on the
 * order in which cities, days or feeds are visited, and adding a city leaves the other cities' rows
 * unchanged.
 */
public final class Seeds {

  private Seeds() {}

  /** A fresh random stream for the given key. */
  public static SplittableRandom rng(long seed, Object... parts) {
    return new SplittableRandom(key(seed, parts));
  }

  /** A 64-bit key: FNV-1a over the parts' UTF-8 text, finished with the SplitMix64 mixer. */
  public static long key(long seed, Object... parts) {
    long h = 0xcbf29ce484222325L ^ mix(seed);
    for (Object part : parts) {
      for (byte b : String.valueOf(part).getBytes(StandardCharsets.UTF_8)) {
        h ^= (b & 0xff);
        h *= 0x100000001b3L;
      }
      h ^= 0x1f; // part separator, so ("ab","c") differs from ("a","bc")
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** A uniform double in [0, 1) fixed by the key alone (no stream needed). */
  public static double unit(long seed, Object... parts) {
    return (key(seed, parts) >>> 11) * 0x1.0p-53;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A standard normal draw (Box-Muller; uses two uniforms so streams stay aligned). */
  public static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }
}
