//! A value that may be sent as an explicit `null`.

/// A value that may be sent as an explicit `null`. Fields of this type are
/// `Option<Nullable<T>>`: `None` leaves the field out, `Some(Nullable::Null)`
/// sends `null`, `Some(Nullable::Value(v))` sends `v`.
#[derive(Debug, Clone, PartialEq)]
pub enum Nullable<T> {
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if not null.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// The value, if not null.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// `null` is [`Nullable::Null`]; an absent field stays `None` in its `Option`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Option<T> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(value.map_or(Nullable::Null, Nullable::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_values_round_trip() {
        assert_eq!(
            serde_json::to_string(&Nullable::<u8>::Null).expect("encodes"),
            "null"
        );
        assert_eq!(
            serde_json::to_string(&Nullable::Value(3)).expect("encodes"),
            "3"
        );
        let null: Nullable<u8> = serde_json::from_str("null").expect("decodes");
        assert_eq!(null.into_option(), None);
        let value: Nullable<u8> = serde_json::from_str("3").expect("decodes");
        assert_eq!(value.as_option(), Some(&3));
    }
}
