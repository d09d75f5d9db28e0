//! `JsonText<T>`: a typed value kept as JSON in a text column. Reading a row whose text does not
//! parse as `T` is an error (`DbErr::TryIntoErr`), never a silent default, so corrupt data is
//! seen where it is read instead of showing up as an empty list.

use std::{fmt, sync::Arc};

use sea_orm::{
    ColIdx, QueryResult, TryGetError, TryGetable, Value,
    sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr},
};
use serde::{Serialize, de::DeserializeOwned};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonText<T>(pub T);

impl<T> JsonText<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonText<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for JsonText<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

/// Why a stored JSON text could not be read as its type.
#[derive(Debug)]
struct CorruptJson {
    type_name: &'static str,
    error: serde_json::Error,
}

impl fmt::Display for CorruptJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stored JSON is not a valid {}: {}", self.type_name, self.error)
    }
}

impl std::error::Error for CorruptJson {}

fn decode<T: DeserializeOwned>(text: &str) -> Result<JsonText<T>, CorruptJson> {
    serde_json::from_str(text)
        .map(JsonText)
        .map_err(|error| CorruptJson { type_name: std::any::type_name::<T>(), error })
}

impl<T: Serialize> From<JsonText<T>> for Value {
    fn from(value: JsonText<T>) -> Self {
        // Serializing plain data (structs, vectors, strings, numbers) to a string cannot fail;
        // the types stored here have no maps with non-string keys.
        Value::String(Some(serde_json::to_string(&value.0).expect("plain data serializes")))
    }
}

impl<T: DeserializeOwned> TryGetable for JsonText<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let text = String::try_get_by(res, index)?;
        decode(&text).map_err(|err| {
            TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                from: "String",
                into: "JsonText",
                source: Arc::new(err),
            })
        })
    }
}

impl<T: DeserializeOwned> ValueType for JsonText<T> {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        let text = <String as ValueType>::try_from(value)?;
        decode(&text).map_err(|_| ValueTypeErr)
    }

    fn type_name() -> String {
        format!("JsonText<{}>", std::any::type_name::<T>())
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl<T> Nullable for JsonText<T> {
    fn null() -> Value {
        Value::String(None)
    }
}

impl<T> sea_orm::IntoActiveValue<JsonText<T>> for JsonText<T>
where
    JsonText<T>: Into<Value>,
{
    fn into_active_value(self) -> sea_orm::ActiveValue<JsonText<T>> {
        sea_orm::ActiveValue::Set(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_the_type_is_an_error() {
        assert!(decode::<Vec<u32>>("[1,2,3]").is_ok());
        assert!(decode::<Vec<u32>>("").is_err());
        assert!(decode::<Vec<u32>>("{\"a\":1}").is_err());
        let value: Value = JsonText(vec![1u32, 2]).into();
        assert_eq!(value, Value::String(Some("[1,2]".into())));
    }
}
