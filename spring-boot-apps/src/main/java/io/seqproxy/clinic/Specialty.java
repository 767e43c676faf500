package io.seqproxy.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "specialties")
public class Specialty extends NamedEntity {
  protected Specialty() {}

  public Specialty(String name) {
    super(name);
  }
}
