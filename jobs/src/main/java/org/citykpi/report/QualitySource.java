package org.citykpi.report;

import java.util.List;
import org.citykpi.ops.Interval;

/** Where a report's data-quality figures come from (see {@link DataQuality}). */
public interface QualitySource {
  /** The tables it reads, to pin in the report's snapshot. */
  List<String> tables();

  /** The figures for rows placed in {@code daily} (daily sources) and {@code monthly}. */
  DataQuality read(Snapshot snapshot, Interval daily, Interval monthly);
}
