"""Personal data guard (政府信息公开条例 第十五条): no unmasked 身份证号, mobile
number or bank card number reaches the site, in fields, bodies or attachments."""
