package org.citykpi.domain;

import java.util.List;

/**
 * One business domain's registry: the silver entities it owns (with their domain logic) and the
 * gold facts it builds. Each domain package has one implementation, listed in {@code
 * META-INF/services/org.citykpi.domain.Domain}; the stages iterate over {@link Domains#all()}, so a
 * new domain touches its own package, its contracts and its declarations, never the stage code.
 */
public interface Domain {
  /** The landing folder of its feeds ({@code <domain>/<source>/...}) and the contracts' domain. */
  String name();

  /** Silver entities, each declared in {@code schemas/tables/silver/<name>.yaml}. */
  List<Entity> entities();

  /** Gold facts, each declared in {@code schemas/tables/gold/<name>.yaml}. */
  List<Fact> facts();
}
