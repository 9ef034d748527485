import { maskAddress, maskEmail, maskPhone } from './address-mask';

describe('address masking for staff views', () => {
  it('keeps the first letter and the domain of an email', () => {
    expect(maskEmail('asukas@example.fi')).toBe('a***@example.fi');
    expect(maskEmail('x@y.fi')).toBe('x***@y.fi');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('keeps the country and operator prefix and the last two digits of a phone', () => {
    expect(maskPhone('+358401234567')).toBe('+35840*****67');
    expect(maskPhone('+35850123456')).toBe('+35850****56');
    expect(maskPhone('12345')).toBe('*****');
  });

  it('masks by channel and leaves no address for in-app', () => {
    expect(maskAddress('sms', '+358401234567')).toBe('+35840*****67');
    expect(maskAddress('email', 'asukas@example.fi')).toBe('a***@example.fi');
    expect(maskAddress('email', null)).toBeNull();
  });
});
