package org.citykpi.arch.cycle.a;

import org.citykpi.arch.cycle.b.B;

/** Half of a deliberate package cycle that ArchitectureTest must report. */
public final class A {
  private A() {}

  public static int viaB() {
    return B.one() + 1;
  }
}
