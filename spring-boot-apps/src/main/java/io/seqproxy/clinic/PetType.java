package io.seqproxy.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "types")
public class PetType extends NamedEntity {
  protected PetType() {}

  public PetType(String name) {
    super(name);
  }
}
