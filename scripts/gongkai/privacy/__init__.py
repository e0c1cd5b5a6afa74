"""Personal data guard (政府信息公开条例 第十五条): no unmasked 身份证号, mobile
number or bank card number reaches the site, in fields, bodies, site settings or
any part of an attachment; what cannot be read is not published unchecked."""
