package org.citykpi.report;

import java.util.EnumSet;
import java.util.Set;
import org.citykpi.common.CityKpiException;

/** The files a report is written as. */
public enum Format {
  HTML("html"),
  PDF("pdf"),
  XLSX("xlsx");

  private final String ext;

  Format(String ext) {
    this.ext = ext;
  }

  public String ext() {
    return ext;
  }

  /** A comma-separated list such as "html,pdf,xlsx". */
  public static Set<Format> set(String formats) {
    Set<Format> out = EnumSet.noneOf(Format.class);
    for (String f : formats.split(",", -1)) {
      Format match = null;
      for (Format x : values()) {
        if (x.ext.equals(f.trim())) {
          match = x;
        }
      }
      if (match == null) {
        throw new CityKpiException(
            "--format: unknown format '" + f.trim() + "' (html, pdf, xlsx, comma-separated)");
      }
      out.add(match);
    }
    return out;
  }
}
