package org.citykpi.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;

/**
 * Puts the named values a reader extracts (a JSON property, an unpivoted cell's row label, year or
 * value) into the contract's column order: each column takes the value named by its {@code source}.
 * Constant columns get null here; validation fills them in.
 */
final class Fields implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] sources;

  /** Fails naming the contract and the column when a source name is not one the reader produces. */
  Fields(SourceContract c, List<String> known) {
    sources = new String[c.columns().size()];
    for (int i = 0; i < sources.length; i++) {
      ColumnSpec s = c.columns().get(i);
      if (s.isConstant()) {
        continue;
      }
      sources[i] = s.sourceName();
      if (known != null && !known.contains(sources[i])) {
        throw new CityKpiException(
            "Contract "
                + c.source()
                + ": column "
                + s.name()
                + " has source '"
                + sources[i]
                + "'; format "
                + c.format()
                + " produces "
                + known);
      }
    }
  }

  String[] of(Map<String, String> values) {
    String[] out = new String[sources.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sources[i] == null ? null : values.get(sources[i]);
    }
    return out;
  }
}
