package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a generated customer: the {@code customers} columns (customer_id, name, email,
 * segment, country, updated_at) plus the PII the customer's orders and payments carry in clear
 * (phone, shipping address, card number). Email, phone, address and card number are unique per
 * customer and recognisable (the name is not unique),
 * so tests can scan a lake for it. Versions of one customer differ only in segment, country and
 * updated_at.
 */
@PublicEvolving
public final class Customer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String customerId;
    private final String name;
    private final String email;
    private final String phone;
    private final String shippingAddress;
    private final String cardNumber;
    private final String segment;
    private final String country;
    private final Instant updatedAt;

    Customer(int index, String customerId, String name, String email, String phone,
            String shippingAddress, String cardNumber, String segment, String country, Instant updatedAt) {
        this.index = index;
        this.customerId = customerId;
        this.name = name;
        this.email = email;
        this.phone = phone;
        this.shippingAddress = shippingAddress;
        this.cardNumber = cardNumber;
        this.segment = segment;
        this.country = country;
        this.updatedAt = updatedAt;
    }

    /** This customer with another segment, country and update instant (a CDC change). */
    Customer withChange(String newSegment, String newCountry, Instant at) {
        return new Customer(index, customerId, name, email, phone, shippingAddress, cardNumber,
                newSegment, newCountry, at);
    }

    /** 0-based number of the customer, {@code customer_id} is derived from it. */
    public int index() {
        return index;
    }

    public String customerId() {
        return customerId;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public String phone() {
        return phone;
    }

    public String shippingAddress() {
        return shippingAddress;
    }

    /** 16 digits, Luhn-valid. */
    public String cardNumber() {
        return cardNumber;
    }

    /** One of {@code consumer}, {@code smb}, {@code enterprise}. */
    public String segment() {
        return segment;
    }

    /** ISO 3166 alpha-2 code, one of GB, DE, FR, NL, US. */
    public String country() {
        return country;
    }

    /** When this version became valid (the initial version: one day before the config's start). */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Customer)) {
            return false;
        }
        Customer c = (Customer) o;
        return index == c.index && customerId.equals(c.customerId) && name.equals(c.name)
                && email.equals(c.email) && phone.equals(c.phone)
                && shippingAddress.equals(c.shippingAddress) && cardNumber.equals(c.cardNumber)
                && segment.equals(c.segment) && country.equals(c.country)
                && updatedAt.equals(c.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, segment, country, updatedAt);
    }

    @Override
    public String toString() {
        return "Customer{" + customerId + ", " + name + ", " + email + ", " + segment + ", " + country
                + ", updatedAt=" + updatedAt + '}';
    }
}
