package org.citykpi.arch.cycle.b;

import org.citykpi.arch.cycle.a.A;

/** The other half of the deliberate cycle. */
public final class B {
  private B() {}

  public static int one() {
    return 1;
  }

  public static int backToA() {
    return A.viaB();
  }
}
