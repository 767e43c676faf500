package io.seqproxy.clinic;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.LocalDate;

@Entity
@Table(name = "pets")
public class Pet {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Integer id;

  private String name;

  @Column(name = "birth_date")
  private LocalDate birthDate;

  @ManyToOne
  @JoinColumn(name = "type_id")
  private PetType type;

  @ManyToOne
  @JoinColumn(name = "owner_id")
  private Owner owner;

  protected Pet() {}

  public Pet(String name, LocalDate birthDate, PetType type, Owner owner) {
    this.name = name;
    this.birthDate = birthDate;
    this.type = type;
    this.owner = owner;
  }

  public Integer getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public PetType getType() {
    return type;
  }

  public Owner getOwner() {
    return owner;
  }

  @Override
  public String toString() {
    return id + ":" + name;
  }
}
