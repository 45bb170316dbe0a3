package org.citykpi.generate;

/**
 * Mutable tally of one source's output: clean rows generated, data lines written, and injected
 * defects.
 */
public final class DirtCounts {
  long files;
  long rows;
  long lines;
  long nulls;
  long outOfRange;
  long duplicates;
  long unknownCity;
  long malformed;

  public long files() {
    return files;
  }

  public long rows() {
    return rows;
  }

  public long lines() {
    return lines;
  }

  public long nulls() {
    return nulls;
  }

  public long outOfRange() {
    return outOfRange;
  }

  public long duplicates() {
    return duplicates;
  }

  public long unknownCity() {
    return unknownCity;
  }

  public long malformed() {
    return malformed;
  }

  /** Total defective lines (a duplicate counts once: the extra copy). */
  public long dirty() {
    return nulls + outOfRange + duplicates + unknownCity + malformed;
  }

  void add(DirtCounts o) {
    files += o.files;
    rows += o.rows;
    lines += o.lines;
    nulls += o.nulls;
    outOfRange += o.outOfRange;
    duplicates += o.duplicates;
    unknownCity += o.unknownCity;
    malformed += o.malformed;
  }
}
