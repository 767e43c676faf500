package io.seqproxy.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "owners")
public class Owner extends Person {
  private String address;
  private String city;
  private String telephone;

  protected Owner() {}

  public Owner(String firstName, String lastName, String address, String city, String telephone) {
    super(firstName, lastName);
    this.address = address;
    this.city = city;
    this.telephone = telephone;
  }

  public String getCity() {
    return city;
  }
}
