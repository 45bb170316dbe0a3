package org.citykpi.generate;

/** RFC 4180 line formatting: a field is quoted only when it contains a comma, quote, CR or LF. */
final class Csv {

  private Csv() {}

  static String line(String... fields) {
    StringBuilder sb = new StringBuilder(96);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields[i] == null ? "" : fields[i];
      if (f.indexOf(',') >= 0
          || f.indexOf('"') >= 0
          || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.toString();
  }
}
