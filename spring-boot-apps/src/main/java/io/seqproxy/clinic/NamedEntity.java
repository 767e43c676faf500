package io.seqproxy.clinic;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** An entity with an {@code IDENTITY} id and a name, as PetClinic's pet types and specialties. */
@MappedSuperclass
public abstract class NamedEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Integer id;

  private String name;

  protected NamedEntity() {}

  protected NamedEntity(String name) {
    this.name = name;
  }

  public Integer getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return id + ":" + name;
  }
}
