//! Statuses and resolutions: open enums (unknown values kept), read case-insensitively.

payments_core::string_enum! {
    /// Wire `status` of a payment invoice (Paycore's status list; `charged_back` from callback
    /// samples).
    ///
    /// | value | [`is_final`](Self::is_final) | [`is_success`](Self::is_success) |
    /// |---|---|---|
    /// | `created`, `processing`, `process_pending`, `process_error` | | |
    /// | `processed`, `partially_processed` | | ✔ (`processed` is not final only because it can still be refunded) |
    /// | `expired`, `terminated`, `process_failed` | ✔ | |
    /// | `refunding`, `refund_pending`, `refund_error` | | |
    /// | `partially_refunded` | ✔ (loosely: further partial refunds are allowed) | |
    /// | `refunded`, `refund_failed`, `charged_back` | ✔ | |
    pub enum InvoiceStatus {
        /// Created, processing not started: in flight.
        Created = "created",
        /// The invoice lifetime elapsed (e.g. the payer abandoned it): failed, final.
        Expired = "expired",
        /// The payer aborted: failed, final.
        Terminated = "terminated",
        /// Processing, further updates follow: in flight.
        Processing = "processing",
        /// The result is not known yet and may stay unknown for long: in flight.
        ProcessPending = "process_pending",
        /// Paid: success; not final only because it can later be refunded.
        Processed = "processed",
        /// Paid for less than `amount`: success.
        PartiallyProcessed = "partially_processed",
        /// An error that will be retried: in flight.
        ProcessError = "process_error",
        /// Failed after the last attempt (5 by default): failed, final.
        ProcessFailed = "process_failed",
        /// A refund is in flight.
        Refunding = "refunding",
        /// A refund's result is not known yet.
        RefundPending = "refund_pending",
        /// Part of the payment was refunded; final per the docs, yet further partial refunds
        /// are allowed.
        PartiallyRefunded = "partially_refunded",
        /// Fully refunded: final.
        Refunded = "refunded",
        /// A refund error that will be retried.
        RefundError = "refund_error",
        /// The refund failed: final.
        RefundFailed = "refund_failed",
        /// The payer's bank reversed the payment: final (seen in Paycore callback samples, not
        /// in the status table).
        ChargedBack = "charged_back",
    }
}

impl InvoiceStatus {
    /// `true` for the statuses Paycore marks final (see the table above). An unknown status is
    /// not final.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Expired
                | Self::Terminated
                | Self::ProcessFailed
                | Self::PartiallyRefunded
                | Self::Refunded
                | Self::RefundFailed
                | Self::ChargedBack
        )
    }

    /// `true` when the payment went through: `processed` or `partially_processed`. Refund
    /// statuses follow a successful payment but are not success themselves.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Processed | Self::PartiallyProcessed)
    }

    /// `true` when the payment failed for good: `expired`, `terminated`, `process_failed`.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Expired | Self::Terminated | Self::ProcessFailed)
    }

    /// `true` for a status of the refund stage (`refunding` through `refund_failed`).
    pub fn is_refund_stage(&self) -> bool {
        matches!(
            self,
            Self::Refunding
                | Self::RefundPending
                | Self::PartiallyRefunded
                | Self::Refunded
                | Self::RefundError
                | Self::RefundFailed
        )
    }
}

payments_core::string_enum! {
    /// Wire `status` of a payout invoice.
    ///
    /// Final: `expired`, `terminated`, `process_failed`, `partially_canceled`, `canceled`,
    /// `cancel_failed`. Success: `processed` (not final: it can still be canceled) and
    /// `partially_processed`. The British spellings (`cancelled`, ...) are read too.
    pub enum PayoutStatus {
        /// Created, processing not started.
        Created = "created",
        /// The lifetime elapsed: final.
        Expired = "expired",
        /// Terminated: final.
        Terminated = "terminated",
        /// Processing.
        Processing = "processing",
        /// The result is not known yet.
        ProcessPending = "process_pending",
        /// Paid out: success, not final (it can still be canceled).
        Processed = "processed",
        /// Paid out in part: success.
        PartiallyProcessed = "partially_processed",
        /// An error that will be retried.
        ProcessError = "process_error",
        /// Failed after the last attempt: final.
        ProcessFailed = "process_failed",
        /// A cancellation is in flight.
        Canceling = "canceling" | "cancelling",
        /// A cancellation's result is not known yet.
        CancelPending = "cancel_pending",
        /// Canceled in part: final.
        PartiallyCanceled = "partially_canceled" | "partially_cancelled",
        /// Canceled: final.
        Canceled = "canceled" | "cancelled",
        /// A cancellation error that will be retried.
        CancelError = "cancel_error",
        /// The cancellation failed: final.
        CancelFailed = "cancel_failed",
    }
}

impl PayoutStatus {
    /// `true` for the statuses Paycore marks final. An unknown status is not final.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Expired
                | Self::Terminated
                | Self::ProcessFailed
                | Self::PartiallyCanceled
                | Self::Canceled
                | Self::CancelFailed
        )
    }

    /// `true` when the payout went through: `processed` or `partially_processed`.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Processed | Self::PartiallyProcessed)
    }

    /// `true` when the payout failed for good: `expired`, `terminated`, `process_failed`.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Expired | Self::Terminated | Self::ProcessFailed)
    }
}

payments_core::string_enum! {
    /// Wire `resolution`: `ok`, or why an operation did not go through. Independent of the
    /// status (any status may carry `ok`).
    ///
    /// Invoices show lowercase `ok`; Paycore documents the payout codes in upper case. Whether
    /// invoices use the lowercase forms of the other codes is unconfirmed: every value is read
    /// ignoring case, and one this SDK does not know is kept.
    pub enum ResolutionCode {
        /// `ok` / `OK`: no error.
        Ok = "ok",
        /// `CONNECTION_ERROR` (error group: not final, moves a payout to moderation).
        ConnectionError = "CONNECTION_ERROR",
        /// `PROVIDER_INTERNAL_ERROR` (error group).
        ProviderInternalError = "PROVIDER_INTERNAL_ERROR",
        /// `CONNECTION_TIMEOUT_ERROR` (error group).
        ConnectionTimeoutError = "CONNECTION_TIMEOUT_ERROR",
        /// `GENERAL_ERROR` (error group).
        GeneralError = "GENERAL_ERROR",
        /// `UNKNOWN` (error group): the provider could not tell.
        UnknownReason = "UNKNOWN",
        /// `INVALID_DETAILS` (fatal).
        InvalidDetails = "INVALID_DETAILS",
        /// `INVALID_REQUEST` (fatal).
        InvalidRequest = "INVALID_REQUEST",
        /// `REQUEST_ERROR` (fatal).
        RequestError = "REQUEST_ERROR",
        /// `INVALID_AMOUNT` (fatal).
        InvalidAmount = "INVALID_AMOUNT",
        /// `INVALID_METHOD` (fatal).
        InvalidMethod = "INVALID_METHOD",
        /// `INVALID_CREDENTIALS` (fatal).
        InvalidCredentials = "INVALID_CREDENTIALS",
        /// `FORBIDDEN_IP` (fatal).
        ForbiddenIp = "FORBIDDEN_IP",
        /// `SIGNATURE_ERROR` (fatal).
        SignatureError = "SIGNATURE_ERROR",
        /// `DUPLICATED_ID` (fatal).
        DuplicatedId = "DUPLICATED_ID",
        /// `INSUFFICIENT_FUNDS` (fatal).
        InsufficientFunds = "INSUFFICIENT_FUNDS",
        /// `ANTIFRAUD_ERROR` (fatal).
        AntifraudError = "ANTIFRAUD_ERROR",
        /// `DECLINED_ERROR` (fatal).
        DeclinedError = "DECLINED_ERROR",
        /// `RECIPIENT_NOT_FOUND` (fatal).
        RecipientNotFound = "RECIPIENT_NOT_FOUND",
        /// `INVALID_RECIPIENT` (fatal).
        InvalidRecipient = "INVALID_RECIPIENT",
        /// `LIMIT_VIOLATION` (fatal).
        LimitViolation = "LIMIT_VIOLATION",
        /// `INTERNAL_ERROR` (fatal).
        InternalError = "INTERNAL_ERROR",
        /// `ACCESS_ERROR` (fatal).
        AccessError = "ACCESS_ERROR",
        /// `ACCESS_DENIED` (fatal).
        AccessDenied = "ACCESS_DENIED",
        /// `GENERAL_FATAL_ERROR` (fatal).
        GeneralFatalError = "GENERAL_FATAL_ERROR",
        /// `OPERATION_EXPIRED` (fatal).
        OperationExpired = "OPERATION_EXPIRED",
        /// `PROCESSING_ERROR` (fatal).
        ProcessingError = "PROCESSING_ERROR",
    }
}

impl ResolutionCode {
    /// `true` for `ok`.
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Ok)
    }

    /// `true` for the error group: not final, a payout moves to moderation.
    pub fn is_retryable_group(&self) -> bool {
        matches!(
            self,
            Self::ConnectionError
                | Self::ProviderInternalError
                | Self::ConnectionTimeoutError
                | Self::GeneralError
                | Self::UnknownReason
        )
    }

    /// `true` for the fatal group (every known code but `ok` and the error group).
    pub fn is_fatal(&self) -> bool {
        !self.is_unknown() && !self.is_ok() && !self.is_retryable_group()
    }
}

payments_core::string_enum! {
    /// Wire `status` of a refund (new refund model). Only `processed` is confirmed; the rest of
    /// the list is unconfirmed, so other values are kept as they come.
    pub enum RefundStatus {
        /// The refund went through.
        Processed = "processed",
    }
}

payments_core::string_enum! {
    /// Wire `status` of a cardgate operation (the sale answer, `active_payment`,
    /// `active_request`). `authorize_required` (3-D Secure needed) is documented; the others
    /// are the invoice names third-party integrations read from this answer. The full list is
    /// unconfirmed.
    pub enum CardgateStatus {
        /// 3-D Secure is needed: submit [`AuthPayload`](crate::AuthPayload) as a form.
        AuthorizeRequired = "authorize_required",
        /// Processing.
        Processing = "processing",
        /// The result is not known yet.
        ProcessPending = "process_pending",
        /// Paid.
        Processed = "processed",
        /// Failed.
        ProcessFailed = "process_failed",
    }
}

payments_core::string_enum! {
    /// Wire `flow` of an invoice answer: how the payer pays (`hpp` in every sample).
    pub enum Flow {
        /// The hosted payment page (or the cardgate page it leads to).
        Hpp = "hpp",
    }
}

payments_core::string_enum! {
    /// Wire `payment_flow` of an invoice answer, and `flow` of a create request.
    pub enum PaymentFlow {
        /// Charge the payer (the samples' value).
        Charge = "charge",
        /// Verify the card without charging it (token flows; unconfirmed as a request `flow`).
        Verify = "verify",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_reads_and_classifies() {
        let finals: Vec<_> = InvoiceStatus::KNOWN
            .iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(finals.len(), 7);
        assert!(InvoiceStatus::Processed.is_success() && !InvoiceStatus::Processed.is_final());
        assert_eq!(
            InvoiceStatus::from_wire("CHARGED_BACK"),
            InvoiceStatus::ChargedBack
        );
        assert!(InvoiceStatus::from_wire("disputed").is_unknown());
        assert_eq!(PayoutStatus::from_wire("cancelled"), PayoutStatus::Canceled);
        assert_eq!(
            PayoutStatus::KNOWN.iter().filter(|s| s.is_final()).count(),
            6
        );
        assert_eq!(ResolutionCode::from_wire("OK"), ResolutionCode::Ok);
        assert_eq!(
            ResolutionCode::from_wire("declined_error"),
            ResolutionCode::DeclinedError
        );
        assert!(ResolutionCode::DeclinedError.is_fatal());
        assert!(ResolutionCode::UnknownReason.is_retryable_group());
        assert!(!ResolutionCode::from_wire("NEW_CODE").is_fatal());
    }
}
